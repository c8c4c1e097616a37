/**
 * `get -w` through the shipped binary against the real kubectl 1.32.3. Both watch one sandbox
 * at the same time: every variant starts on both sides at once, the test waits until all of
 * them are listening (the sandbox counts open watches), then changes the cluster — labels, a
 * pod leaving a selector, a scale-up, a wider row — so every watcher sees the same events in
 * the same order. The sandbox's controllers settle within each request, so once the changes
 * are made every event has been written, and the sandbox then ends every watch as the API
 * server does at a watch's timeout (exit 0 on both sides). stdout, stderr and exit code must
 * be identical after the harness's normalisation. Two more pairs end the other ways: at
 * `--request-timeout` (exit 0, nothing on stderr, on both sides), and on SIGINT (the same
 * stdout; kubectl's interrupt handler exits 1, iddio 130 with its `completed` event on
 * record).
 * Needs `npm run build` first (bin/iddio.js runs the bundle).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closeWatches, openWatches } from '../../src/sandbox/handlers/watch.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, runIddio, runProcess, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import {
  auditProblems,
  compare,
  iddioEnv,
  iddioSide,
  kubectlSide,
  type IddioSide,
  type Side,
} from './harness.js';

interface Watcher {
  /** Resolves when the process exits. */
  done: Promise<RunResult>;
  stdout(): string;
  interrupt(): void;
  /** Closes the read end of the process's stdout, as `| head -1` does once it has its line. */
  stopReading(): void;
  /** The signal that ended the process, if one did. */
  endedBy(): NodeJS.Signals | null;
}

function spawnWatcher(file: string, args: string[], env: NodeJS.ProcessEnv): Watcher {
  const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  let endedBy: NodeJS.Signals | null = null;
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      endedBy = signal;
      resolve({ code, stdout, stderr });
    });
  });
  return {
    done,
    stdout: () => stdout,
    interrupt: () => child.kill('SIGINT'),
    stopReading: () => child.stdout.destroy(),
    endedBy: () => endedBy,
  };
}

function kubectlWatcher(argv: string[], real: Side): Watcher {
  return spawnWatcher(kubectlPath(), argv, {
    PATH: process.env.PATH,
    HOME: real.home,
    KUBECONFIG: real.kubeconfig,
  });
}

function iddioWatcher(argv: string[], ours: IddioSide): Watcher {
  return spawnWatcher(process.execPath, [BIN, 'kubectl', ...argv], {
    ...process.env,
    NO_COLOR: '1',
    ...iddioEnv(ours),
  });
}

function bothSides(argv: string[], real: Side, ours: IddioSide): [Watcher, Watcher] {
  return [kubectlWatcher(argv, real), iddioWatcher(argv, ours)];
}

async function until(what: string, test: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('get -w: iddio kubectl (binary) vs kubectl 1.32.3', () => {
  let sandbox: Sandbox;
  let real: Side;
  let ours: IddioSide;
  const change = async (...argv: string[]): Promise<void> => {
    const result = await runProcess(kubectlPath(), argv, {
      env: { PATH: process.env.PATH, HOME: real.home, KUBECONFIG: sandbox.kubeconfigPath },
    });
    assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
  };
  /** The first pod of deploy/api in payments, by name (generated names are the sandbox's). */
  let apiPod: string;
  let node: string;

  before(async () => {
    sandbox = await startSandbox();
    real = kubectlSide(sandbox.kubeconfigPath);
    ours = iddioSide(sandbox.kubeconfigPath);
    const pods = await runProcess(
      kubectlPath(),
      ['get', 'pods', '-n', 'payments', '-l', 'app=api', '-o', 'name'],
      { env: { PATH: process.env.PATH, HOME: real.home, KUBECONFIG: sandbox.kubeconfigPath } },
    );
    apiPod = (pods.stdout.split('\n')[0] ?? '').replace(/^pod\//, '');
    assert.ok(apiPod !== '', pods.stderr);
    const nodes = await runProcess(kubectlPath(), ['get', 'nodes', '-o', 'name'], {
      env: { PATH: process.env.PATH, HOME: real.home, KUBECONFIG: sandbox.kubeconfigPath },
    });
    node = (nodes.stdout.split('\n')[0] ?? '').replace(/^node\//, '');
    assert.ok(node !== '', nodes.stderr);
  });
  after(async () => {
    await sandbox.stop();
  });

  it('prints the same list, events and widths for every variant until the server ends the watch', async () => {
    const variants: string[][] = [
      ['get', 'pods', '-n', 'payments', '-w'],
      ['get', 'pod', apiPod, '-n', 'payments', '--watch'],
      ['get', `pod/${apiPod}`, '-n', 'payments', '--watch-only'],
      ['get', 'pods', '-n', 'payments', '-w', '-o', 'name'],
      ['get', 'pods', '-n', 'payments', '-w', '-o', 'json'],
      ['get', 'pods', '-n', 'payments', '--watch-only', '-o', 'yaml'],
      ['get', 'pods', '-A', '-w', '-l', 'tier=backend', '--show-labels'],
      ['get', 'deploy', '-A', '--watch-only'],
      // kubectl's watch prints an empty NAMESPACE column for a cluster-scoped kind with -A.
      ['get', 'nodes', '-A', '-w'],
      ['get', 'pods', '-n', 'payments', '-w', '--output-watch-events', '-o', 'wide'],
      ['get', 'pods', '-n', 'payments', '-w', '--output-watch-events', '-o', 'json'],
      ['get', 'pods', '-n', 'payments', '-w', '--chunk-size=2', '-L', 'app'],
    ].map((argv) => [...argv, '--request-timeout=30s']);
    const open = openWatches();
    const runs = variants.map((argv) => ({ argv, pair: bothSides(argv, real, ours) }));
    await until('every watch to open', () => openWatches() === open + 2 * variants.length);
    const before = runs.map(({ pair }) => pair[0].stdout());
    // Changes, in order: a label (MODIFIED), a pod leaving the tier=backend selector (DELETED
    // for that watcher only), a scale-up (new pods with their Pending → Running updates, and a
    // longer row than any before it for the widths to grow).
    await change('label', 'pod', apiPod, '-n', 'payments', 'watched=yes');
    await change('label', 'node', node, 'watched=yes');
    await change('label', 'pod', apiPod, '-n', 'payments', 'tier=frontend', '--overwrite');
    await change('scale', 'deploy/api', '-n', 'payments', '--replicas=4');
    await change(
      'create',
      'deployment',
      'a-much-longer-deployment-name',
      '--image=nginx',
      '-n',
      'payments',
    );
    assert.equal(closeWatches(), 2 * variants.length);
    const results = await Promise.all(runs.map(({ pair }) => Promise.all(pair.map((w) => w.done))));
    const failures: string[] = [];
    runs.forEach(({ argv }, i) => {
      const [a, b] = results[i] as RunResult[];
      assert.equal(a?.code, 0, `${argv.join(' ')}: kubectl ${a?.stderr}`);
      // Events arrived after the watch opened (--watch-only prints nothing before them).
      assert.ok((a?.stdout.length ?? 0) > (before[i]?.length ?? 0), `${argv.join(' ')}: no events`);
      const mismatch = compare(argv, a as RunResult, b as RunResult);
      if (mismatch) failures.push(mismatch);
    });
    for (const failure of failures) console.error(`\n${failure}`);
    assert.deepEqual(failures, []);
    assert.deepEqual(
      auditProblems(
        join(ours.iddioHome, 'audit', 'audit.ndjson'),
        variants.map((argv) => ({ argv, code: 0 })),
      ),
      [],
    );
  });

  it('ends at --request-timeout on both sides: exit 0, nothing on stderr, the same stdout', async () => {
    const argv = ['get', 'pods', '-n', 'payments', '-w', '--request-timeout=4s'];
    const open = openWatches();
    const started = Date.now();
    // iddio (a slower start) first, so both timers start within kubectl's start-up of each
    // other and the change lands well inside both windows even on a loaded machine.
    const ourWatcher = iddioWatcher(argv, ours);
    await until('the iddio watch to open', () => openWatches() === open + 1);
    const pair = [kubectlWatcher(argv, real), ourWatcher];
    await until('both watches to open', () => openWatches() === open + 2);
    await change('label', 'pod', apiPod, '-n', 'payments', 'timed=yes');
    const [a, b] = (await Promise.all(pair.map((w) => w.done))) as [RunResult, RunResult];
    assert.ok(Date.now() - started >= 4000, 'ended by the timeout, not earlier');
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stderr, '');
    assert.equal(a.stdout.split(apiPod).length, 3, 'the list and the MODIFIED event');
    assert.equal(compare(argv, a, b), undefined);
  });

  it('on SIGINT prints what kubectl printed; kubectl exits 1, iddio 130 with completed on record', async () => {
    const side = iddioSide(sandbox.kubeconfigPath);
    const argv = ['get', 'pods', '-n', 'payments', '-w'];
    const open = openWatches();
    const [a, b] = bothSides(argv, real, side);
    await until('both watches to open', () => openWatches() === open + 2);
    await change('label', 'pod', apiPod, '-n', 'payments', 'interrupted=yes');
    // The pod's row twice: in the list, then in the MODIFIED event.
    await until('the event on both sides', () =>
      [a, b].every((w) => w.stdout().split(apiPod).length === 3),
    );
    a.interrupt();
    b.interrupt();
    const [realRun, ourRun] = await Promise.all([a.done, b.done]);
    assert.equal(realRun.code, 1);
    assert.equal(ourRun.code, 130);
    assert.equal(realRun.stderr, '');
    assert.equal(ourRun.stderr, '');
    assert.equal(compare(argv, { ...realRun, code: 0 }, { ...ourRun, code: 0 }), undefined);
    assert.deepEqual(
      auditProblems(join(side.iddioHome, 'audit', 'audit.ndjson'), [{ argv, code: 130 }]),
      [],
    );
    const verify = await runIddio(['audit', 'verify'], { env: iddioEnv(side) });
    assert.equal(verify.code, 0, verify.stderr);
  });

  it('stops when nobody reads its output: kubectl dies of SIGPIPE, iddio exits 141 on record', async () => {
    const side = iddioSide(sandbox.kubeconfigPath);
    const argv = ['get', 'pods', '-n', 'payments', '-w'];
    const open = openWatches();
    const [a, b] = bothSides(argv, real, side);
    await until('both watches to open', () => openWatches() === open + 2);
    await until('the list on both sides', () => [a, b].every((w) => w.stdout().includes(apiPod)));
    a.stopReading();
    b.stopReading();
    // The next event is the next write; the watch must not outlive it.
    await change('label', 'pod', apiPod, '-n', 'payments', 'unread=yes');
    const [realRun, ourRun] = await Promise.all([a.done, b.done]);
    assert.equal(a.endedBy(), 'SIGPIPE');
    assert.equal(ourRun.code, 141);
    assert.equal(ourRun.stderr, realRun.stderr);
    assert.deepEqual(
      auditProblems(join(side.iddioHome, 'audit', 'audit.ndjson'), [{ argv, code: 141 }]),
      [],
    );
    assert.equal(openWatches(), open, 'both watch connections are closed');
  });
});
