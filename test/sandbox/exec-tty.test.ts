/**
 * The real kubectl's interactive sessions against the sandbox, in a real terminal (tmux):
 * `exec -it`, `run --rm -it` and `debug -it` — the prompt, typed input echoed by the sandbox's
 * terminal, the command's output, and the exit code kubectl ends with.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { TmuxPane } from '../approval/tmux.js';
import { tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

let sandbox: Sandbox;
const panes: TmuxPane[] = [];

before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  for (const pane of panes) pane.kill();
  await sandbox.stop();
});

/** kubectl in a pane, its output on the pane's terminal (not in the pane's files). */
function session(args: string): TmuxPane {
  const pane = TmuxPane.start(`{ ${kubectlPath()} ${args} >/dev/tty 2>&1; }`, {
    KUBECONFIG: sandbox.kubeconfigPath,
    HOME: tempDir('iddio-tty-home-'),
  });
  panes.push(pane);
  return pane;
}

describe('interactive sessions in a terminal', () => {
  it('exec -it sh: prompt, echo, output, exit code', async () => {
    const pane = session('exec -it toolbox -- sh');
    await pane.waitFor(/^#\s*$/m);
    pane.keys('echo hello-$HOSTNAME', 'Enter');
    await pane.waitFor(/^hello-toolbox$/m);
    pane.keys('exit 5', 'Enter');
    assert.equal(await pane.exitCode(), 5);
    const screen = pane.capture();
    assert.match(
      screen,
      /^# echo hello-\$HOSTNAME\nhello-toolbox\n# exit 5\ncommand terminated with exit code 5$/m,
    );
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
  });

  it('debug -it: a shell in an ephemeral container of a running pod', async () => {
    const pane = session('debug -it toolbox --image=busybox --container=debugger');
    await pane.waitFor(/If you don't see a command prompt/);
    pane.keys('Enter');
    await pane.waitFor(/^#\s*$/m);
    pane.keys('hostname', 'Enter');
    await pane.waitFor(/^toolbox$/m);
    pane.keys('C-d');
    assert.equal(await pane.exitCode(), 0);
    assert.match(pane.capture(), /Session ended, the ephemeral container will not be restarted/);
  });
});
