/**
 * The real kubectl 1.32 through `iddio serve` in front of the sandbox, whose containers answer
 * exec over WebSocket: the session kubectl opens is recorded at the gateway — its output, piped
 * stdin and exit code — under `recording.interactive: required`, with its bytes each way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { readRecording } from '../../src/recording/store.js';
import { runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { auditEvents, eventually, gatewayFor, type TestGateway } from './helpers.js';

const POLICY =
  'version: 1\nagents:\n  bot:\n    tiers: { 4: allow }\nrecording:\n  interactive: required\n';

describe('kubectl exec through iddio serve is recorded', () => {
  let sandbox: Sandbox;
  let gw: TestGateway;
  let pod: string;
  const kubectl = (args: string[], input?: string) =>
    runProcess(kubectlPath(), args, {
      env: { PATH: process.env.PATH, HOME: tempDir('iddio-rk-'), KUBECONFIG: gw.kubeconfig },
      ...(input !== undefined ? { input } : {}),
    });
  /** The completed event of the command whose requests include an upgrade, once written. */
  const sessionEvent = (count: number) =>
    eventually(() => {
      const done = auditEvents(gw.paths.auditLog).filter(
        (e) => e.stage === 'completed' && e.api_requests?.some((r) => r.status === 101),
      );
      return done.length >= count ? done[count - 1] : undefined;
    });

  before(async () => {
    sandbox = await startSandbox();
    gw = await gatewayFor(sandbox.kubeconfigPath, { policy: POLICY });
    const pods = await kubectl(['get', 'pods', '-n', 'payments', '-o', 'name']);
    pod = pods.stdout.split('\n')[0]?.replace('pod/', '') ?? '';
  });
  after(async () => {
    await gw.stop();
    await sandbox.stop();
  });

  it('exec with an exit code: output recorded, exit code in completed', async () => {
    const result = await kubectl([
      'exec',
      pod,
      '-n',
      'payments',
      '--',
      'sh',
      '-c',
      'echo hi; exit 3',
    ]);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, 'hi\n');
    const completed = await sessionEvent(1);
    assert.equal(completed.exit_code, 3);
    const recording = readRecording(gw.paths.sessions, completed.recording ?? '');
    assert.deepEqual(
      recording.events.map(([, code, text]) => [code, text]),
      [['o', 'hi\n']],
    );
    const upgrade = completed.api_requests?.find((r) => r.status === 101);
    assert.ok((upgrade?.bytes_to_client ?? 0) > 0);
  });

  it('exec -i: piped stdin recorded as input', async () => {
    const result = await kubectl(['exec', '-i', pod, '-n', 'payments', '--', 'cat'], 'piped in\n');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'piped in\n');
    const completed = await sessionEvent(2);
    assert.equal(completed.exit_code, 0);
    const recording = readRecording(gw.paths.sessions, completed.recording ?? '');
    assert.deepEqual(
      recording.events.map(([, code, text]) => [code, text]),
      [
        ['i', 'piped in\n'],
        ['o', 'piped in\n'],
      ],
    );
    // `iddio session show` shows what was piped in, and what came out.
    const session = (completed as { session?: string }).session ?? '';
    const show = await runIddio(['session', 'show', session], {
      env: { IDDIO_HOME: gw.paths.home, HOME: gw.paths.home },
    });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /\n> piped in\npiped in\n/);
  });
});
