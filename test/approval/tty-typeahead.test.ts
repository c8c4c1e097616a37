/**
 * Type-ahead cannot answer the approval prompt: keys that reach the terminal before the
 * question is shown (typed early, or injected by whatever shares the terminal) are dropped.
 * The command starts after `sleep`, so the keys sent at once wait in the terminal's input
 * queue, exactly where an early "y" would.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { agentEnv, events, home, iddioCommand, replicas } from './fixtures.js';
import { requireTmux, TmuxPane } from './tmux.js';

let sandbox: Sandbox;
const panes: TmuxPane[] = [];

before(async () => {
  requireTmux();
  sandbox = await startSandbox();
});
after(async () => {
  for (const pane of panes) pane.kill();
  await sandbox.stop();
});

const PROMPT = /Approve this command\? \(y\/N\)/;

function startLate(homeDir: string, replicasTo: number): TmuxPane {
  const pane = TmuxPane.start(
    `sleep 1; ${iddioCommand(['kubectl', 'scale', 'deployment/worker', '-n', 'payments', `--replicas=${replicasTo}`])}`,
    { ...agentEnv(homeDir, sandbox.kubeconfigPath), NO_COLOR: '1' },
  );
  panes.push(pane);
  return pane;
}

test('"y" + Enter typed before the prompt appears does not approve', async () => {
  const dir = home({ timeout: '10s' });
  const before = await replicas(sandbox, 'worker', 'payments');
  const pane = startLate(dir, before + 6);
  pane.keys('y', 'Enter'); // long before the prompt: iddio has not even started
  await pane.waitFor(PROMPT);
  // Still waiting for an answer: the early keys did not count. Now a real "n".
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(events(dir).filter((e) => e.stage === 'decided').length, 0, 'not yet decided');
  pane.keys('n', 'Enter');
  assert.equal(await pane.exitCode(), 4);
  assert.match(pane.stderr(), /declined on the terminal/);
  assert.equal(await replicas(sandbox, 'worker', 'payments'), before);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.equal(decided?.approval_channel, 'tty');
  assert.ok(!events(dir).some((e) => e.stage === 'completed'));
});

test('a half-typed "y" (no Enter) before the prompt is dropped too: Enter then takes the default, No', async () => {
  const dir = home({ timeout: '10s' });
  const before = await replicas(sandbox, 'worker', 'payments');
  const pane = startLate(dir, before + 7);
  pane.keys('y');
  await pane.waitFor(PROMPT);
  pane.keys('Enter');
  assert.equal(await pane.exitCode(), 4);
  assert.match(pane.stderr(), /declined on the terminal/);
  assert.equal(await replicas(sandbox, 'worker', 'payments'), before);
});

test('a "y" typed after the prompt appears still approves', async () => {
  const dir = home({ timeout: '10s' });
  const before = await replicas(sandbox, 'worker', 'payments');
  const pane = startLate(dir, before + 1);
  await pane.waitFor(PROMPT);
  pane.keys('y', 'Enter');
  assert.equal(await pane.exitCode(), 0, pane.stderr());
  assert.equal(await replicas(sandbox, 'worker', 'payments'), before + 1);
});
