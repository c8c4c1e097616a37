/**
 * The terminal channel end to end: `iddio kubectl` runs inside a tmux pane (a real
 * controlling terminal), against the sandbox; the test answers with send-keys and reads the
 * prompt with capture-pane, then checks the cluster and both audit records.
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

function run(
  args: string[],
  homeDir: string,
  options: { prefix?: string; env?: Record<string, string> } = {},
): TmuxPane {
  const pane = TmuxPane.start(`${options.prefix ?? ''}${iddioCommand(['kubectl', ...args])}`, {
    ...agentEnv(homeDir, sandbox.kubeconfigPath),
    ...options.env,
  });
  panes.push(pane);
  return pane;
}

const PROMPT = /Approve this command\? \(y\/N\)/;

test('approving on the terminal runs the scale: replicas change, decided records who, how and how long', async () => {
  const dir = home({});
  const before = await replicas(sandbox, 'api', 'payments');
  const target = before + 2;
  const pane = run(['scale', 'deployment/api', '-n', 'payments', `--replicas=${target}`], dir);
  const screen = await pane.waitFor(PROMPT);
  // Every field SPEC §6 lists.
  assert.match(screen, /agent\s+test-agent \(identity: declared\)/);
  assert.match(screen, /context\s+iddio-sandbox\s+server https:\/\/127\.0\.0\.1:\d+/);
  assert.match(screen, /namespace\s+payments/);
  assert.match(
    screen,
    new RegExp(`command\\s+kubectl scale deployment/api -n payments --replicas=${target}`),
  );
  assert.match(screen, /tier\s+T2 modify/);
  assert.match(screen, /rule\s+\S+/);
  assert.match(
    screen,
    new RegExp(`blast radius\\s+1 object: deployment\\.apps/api; replicas ${before} → ${target}`),
  );
  assert.match(screen, /time left\s+\d+s/);
  // Coloured by tier on a colour terminal: T2 is yellow (SGR 33).
  assert.match(pane.capture(true), /\u001b\[33m\s*T2 modify/);
  const shownId = /request\s+(idd_[0-9A-Z]{26})/.exec(screen)?.[1];
  assert.ok(shownId, 'the prompt shows the request ID');

  pane.keys('y', 'Enter');
  assert.equal(await pane.exitCode(), 0, pane.stderr());
  assert.match(pane.stdout(), /deployment\.apps\/api scaled/);
  assert.equal(await replicas(sandbox, 'api', 'payments'), target);
  const log = events(dir);
  assert.deepEqual(
    log.map((e) => [e.stage, e.decision]),
    [
      ['escalated', 'escalate'],
      ['decided', 'escalate'],
      ['completed', undefined],
    ],
  );
  const decided = log[1];
  assert.equal(decided?.request_id, shownId);
  assert.equal(decided?.approval_channel, 'tty');
  assert.ok(decided?.approved_by, 'approved_by names the human');
  assert.ok((decided?.approval_latency_ms ?? 0) > 0);
});

test('answering n declines (exit 4): nothing changes, approved_by is absent', async () => {
  const dir = home({});
  const before = await replicas(sandbox, 'worker', 'payments');
  const pane = run(
    ['scale', 'deployment/worker', '-n', 'payments', `--replicas=${before + 4}`],
    dir,
    { env: { NO_COLOR: '1' } },
  );
  await pane.waitFor(PROMPT);
  assert.doesNotMatch(pane.capture(true), /\u001b\[[0-9;]*m/, 'NO_COLOR: no colour at all');
  pane.keys('n', 'Enter');
  assert.equal(await pane.exitCode(), 4);
  assert.match(pane.stderr(), /^iddio: not approved: .*declined on the terminal/m);
  assert.equal(await replicas(sandbox, 'worker', 'payments'), before);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.equal(decided?.approval_channel, 'tty');
  assert.equal(decided?.approved_by, undefined);
  assert.ok(!events(dir).some((e) => e.stage === 'completed'));
});

test('a delete shows its blast radius with the cascade; Enter alone takes the default, which is No', async () => {
  const dir = home({});
  const pane = run(['delete', 'deployment', 'worker', '-n', 'payments'], dir);
  const screen = await pane.waitFor(PROMPT);
  assert.match(screen, /tier\s+T3 sensitive/);
  assert.match(
    screen,
    /blast radius\s+1 object: deployment\.apps\/worker; with \d+ pods? they own \(cascade\)/,
  );
  pane.keys('Enter');
  assert.equal(await pane.exitCode(), 4);
  assert.match(await pane.waitFor(/declined/), /\? Approve this command\? No/);
  assert.ok((await replicas(sandbox, 'worker', 'payments')) >= 0, 'the deployment still exists');
});

test('Ctrl-D (end of input) at the prompt is a no, at once', async () => {
  const dir = home({});
  const pane = run(['scale', 'deployment/worker', '-n', 'payments', '--replicas=14'], dir);
  await pane.waitFor(PROMPT);
  const sent = Date.now();
  pane.keys('C-d');
  assert.equal(await pane.exitCode(), 4);
  assert.ok(Date.now() - sent < 5_000, 'it did not wait for the 20 s timeout');
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.match(decided?.reason ?? '', /declined on the terminal/);
});

test('no answer before the timeout is a no (exit 4), counted down and audited', async () => {
  const dir = home({ timeout: '2s' });
  const pane = run(['scale', 'deployment/worker', '-n', 'payments', '--replicas=11'], dir);
  await pane.waitFor(/time left\s+1s/, 5_000);
  assert.equal(await pane.exitCode(), 4);
  assert.match(await pane.waitFor(/timed out/), /no answer means no/);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.match(decided?.reason ?? '', /no answer on the terminal before the timeout/);
  assert.equal(decided?.approved_by, undefined);
  assert.ok((decided?.approval_latency_ms ?? 0) >= 1_900);
  assert.notEqual(await replicas(sandbox, 'worker', 'payments'), 11);
});

test('Ctrl-C at the prompt denies (exit 4) and is audited (on a terminal without colour)', async () => {
  const dir = home({});
  const pane = run(['scale', 'deployment/worker', '-n', 'payments', '--replicas=12'], dir, {
    env: { TERM: 'dumb' },
  });
  await pane.waitFor(PROMPT);
  assert.doesNotMatch(pane.capture(true), /\u001b\[[0-9;]*m/, 'TERM=dumb: no colour');
  pane.keys('C-c');
  assert.equal(await pane.exitCode(), 4);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.match(decided?.reason ?? '', /interrupted \(Ctrl-C\)/);
  assert.equal(decided?.approval_channel, 'tty');
  assert.notEqual(await replicas(sandbox, 'worker', 'payments'), 12);
});

test('"y" piped into stdin does not approve: the prompt reads only the terminal', async () => {
  const dir = home({ timeout: '2s' });
  const pane = run(['scale', 'deployment/worker', '-n', 'payments', '--replicas=13'], dir, {
    prefix: 'yes y | head -n 1000 | ',
  });
  await pane.waitFor(PROMPT);
  assert.equal(await pane.exitCode(), 4);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.match(decided?.reason ?? '', /timeout/);
  assert.notEqual(await replicas(sandbox, 'worker', 'payments'), 13);
});

test('a resource name full of escape sequences shows inert: no clear-screen, no cursor move, no title', async () => {
  const dir = home({});
  const evil = 'evil\u001b[2J\u001b[H\u001b]0;pwned\u0007\u001b[5;1Hx\u001b[31mred';
  const pane = run(['delete', 'pod', evil, '-n', 'payments'], dir);
  const screen = await pane.waitFor(PROMPT);
  // The header is intact above the prompt (a clear-screen or cursor home would have wiped it).
  assert.match(screen, /iddio: an agent asks to run a T3 sensitive command/);
  assert.match(
    screen,
    /command\s+kubectl delete pod evilxred -n payments \[control characters removed\]/,
  );
  assert.doesNotMatch(screen, /\[2J|\]0;|pwned/);
  assert.match(screen, /blast radius\s+0 objects \(nothing named exists\)/);
  assert.notEqual(pane.title(), 'pwned');
  // The request lines keep their order: agent, ..., command, ..., prompt.
  const lines = screen.split('\n');
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  assert.ok(at(/agent\s+test-agent/) < at(/command\s+kubectl delete/));
  assert.ok(at(/command\s+kubectl delete/) < at(PROMPT));
  pane.keys('n', 'Enter');
  assert.equal(await pane.exitCode(), 4);
});
