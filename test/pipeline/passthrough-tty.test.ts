/**
 * `iddio kubectl exec -it` and `run --rm -it` in a real terminal (tmux): the terminal belongs
 * to kubectl (prompt, echo, exit code as kubectl gives them) and the session is recorded —
 * what was typed, what the container printed, and the terminal's size.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRecording } from '../../src/recording/store.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { TmuxPane } from '../approval/tmux.js';
import { BIN, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { auditEvents, eventually, streamsOf, type LoggedEvent } from '../gateway/helpers.js';

const POLICY = 'version: 1\nagents:\n  bot:\n    tiers: { 4: allow }\n';

let sandbox: Sandbox;
let home: string;
const panes: TmuxPane[] = [];

before(async () => {
  sandbox = await startSandbox();
  home = tempDir('iddio-ptt-home-');
  writeFileSync(join(home, 'policy.yaml'), POLICY);
});
after(async () => {
  for (const pane of panes) pane.kill();
  await sandbox.stop();
});

/** `iddio kubectl ARGS` in a pane, its output on the pane's terminal. */
function session(args: string): TmuxPane {
  const pane = TmuxPane.start(
    `{ ${process.execPath} ${BIN} kubectl ${args} >/dev/tty 2>&1; }`,
    {
      KUBECONFIG: sandbox.kubeconfigPath,
      HOME: tempDir('iddio-ptt-h-'),
      IDDIO_HOME: home,
      IDDIO_AGENT: 'bot',
      IDDIO_KUBECTL: kubectlPath(),
    },
    { x: 120, y: 40 },
  );
  panes.push(pane);
  return pane;
}

const completedFor = (path: string): Promise<LoggedEvent> =>
  eventually(() =>
    auditEvents(join(home, 'audit', 'audit.ndjson')).findLast(
      (e) => e.stage === 'completed' && e.api_requests?.some((r) => r.path === path),
    ),
  );

describe('iddio kubectl with a terminal', () => {
  it('exec -it sh: prompt, echo, exit code, and the session recorded with its size', async () => {
    const pane = session('exec -it toolbox -- sh');
    await pane.waitFor(/^#\s*$/m);
    pane.keys('echo hello-$HOSTNAME', 'Enter');
    await pane.waitFor(/^hello-toolbox$/m);
    pane.keys('exit 5', 'Enter');
    assert.equal(await pane.exitCode(), 5);
    assert.match(
      pane.capture(),
      /^# echo hello-\$HOSTNAME\nhello-toolbox\n# exit 5\ncommand terminated with exit code 5$/m,
    );
    const completed = await completedFor('/api/v1/namespaces/default/pods/toolbox/exec');
    assert.equal(completed.exit_code, 5);
    const recording = readRecording(join(home, 'sessions'), completed.recording ?? '');
    assert.equal(recording.header.width, 120);
    assert.equal(recording.header.height, 40);
    const streams = streamsOf(recording.events);
    const typed = streams
      .filter(([code]) => code === 'i')
      .map(([, text]) => text)
      .join('');
    assert.equal(typed, 'echo hello-$HOSTNAME\rexit 5\r');
    const shown = streams
      .filter(([code]) => code === 'o')
      .map(([, text]) => text)
      .join('');
    assert.match(shown, /hello-toolbox\r\n/);
  });

  it('run --rm -it: a shell in a new pod, deleted when it exits', async () => {
    const pane = session('run --rm -it scratch --image=busybox --restart=Never -- sh');
    await pane.waitFor(/If you don't see a command prompt, try pressing enter\./);
    pane.keys('Enter');
    await pane.waitFor(/^#\s*$/m);
    pane.keys('cat /etc/hostname', 'Enter');
    await pane.waitFor(/^scratch$/m);
    pane.keys('exit', 'Enter');
    assert.equal(await pane.exitCode(), 0);
    assert.match(pane.capture(), /pod "scratch" deleted/);
    const completed = await completedFor('/api/v1/namespaces/default/pods/scratch/attach');
    assert.equal(completed.exit_code, 0);
    assert.ok(completed.recording?.startsWith('sha256:'));
  });
});
