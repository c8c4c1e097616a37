/**
 * `logs -l`, --all-containers, --all-pods, --prefix, --ignore-errors and -f over several
 * streams, against the real kubectl 1.32.3 on one sandbox. kubectl keeps its streams in a Go
 * map and reads them in map order, which varies from run to run; so for several streams the
 * outputs are compared as the same blocks (one contiguous block per stream, same bytes), and
 * iddio's own order is checked to be kubectl's usual one (pods as listed, containers in spec
 * order). stderr and the exit code must be identical. Single-stream and error cases are in the
 * shared differential lists (test/compat/commands.ts).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { runExecutor } from './helpers.js';

/** A deployment whose selector has expressions (sent as `app in (expr,other),!legacy,tier=front`). */
const ZERO = `apiVersion: apps/v1
kind: Deployment
metadata: { name: zero, namespace: staging }
spec:
  replicas: 0
  selector: { matchLabels: { app: zero } }
  template:
    metadata: { labels: { app: zero } }
    spec:
      containers: [{ name: c, image: nginx }]
`;

const EXPR = `apiVersion: apps/v1
kind: Deployment
metadata: { name: expr, namespace: staging }
spec:
  replicas: 2
  selector:
    matchLabels: { tier: front }
    matchExpressions:
      - { key: app, operator: In, values: [other, expr] }
      - { key: legacy, operator: DoesNotExist }
  template:
    metadata: { labels: { app: expr, tier: front } }
    spec:
      containers: [{ name: c, image: nginx }]
`;

/** A stream's key: its prefix, else the sandbox's `pod=… container=…` words, else the line. */
function keyOf(line: string): string {
  const prefix = /^\[pod\/[^\]]+\] /.exec(line);
  if (prefix) return prefix[0];
  const words = / pod=(\S+) container=(\S+) /.exec(line);
  return words ? `${words[1]}/${words[2]}` : line;
}

/**
 * Contiguous runs of lines from one stream, in output order. A stream cut by --limit-bytes ends
 * without a newline, so a prefix also starts a line. Timestamps differ with the clock.
 */
function blocks(text: string): Array<{ key: string; text: string }> {
  const out: Array<{ key: string; text: string }> = [];
  for (const line of text
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
    .split(/(?<=\n)|(?=\[pod\/)/)) {
    if (line === '') continue;
    const key = keyOf(line);
    const last = out.at(-1);
    if (last && last.key === key) last.text += line;
    else out.push({ key, text: line });
  }
  return out;
}

const sorted = (list: Array<{ key: string; text: string }>): string[] =>
  list.map((b) => `${b.key}\u0000${b.text}`).sort();

describe('logs over several streams vs kubectl 1.32.3', () => {
  let sandbox: Sandbox;
  let home: string;
  let cacheDir: string;
  let apiPods: string[];
  before(async () => {
    sandbox = await startSandbox();
    home = tempDir('iddio-logsel-');
    cacheDir = tempDir('iddio-logsel-cache-');
    const manifest = join(home, 'expr.yaml');
    writeFileSync(manifest, EXPR + '---\n' + ZERO);
    const applied = await kubectl(['apply', '-f', manifest]);
    assert.equal(applied.code, 0, applied.stderr);
    const pods = await iddio(['get', 'pods', '-n', 'payments', '-l', 'app=api', '-o', 'name']);
    apiPods = pods.stdout.trim().split('\n');
  });
  after(async () => {
    await sandbox.stop();
  });

  const env = (): Record<string, string | undefined> => ({
    HOME: home,
    KUBECONFIG: sandbox.kubeconfigPath,
  });
  async function iddio(argv: string[], signal?: AbortSignal) {
    return runExecutor(argv, { requestId: newRequestId(), cacheDir, env: env(), signal });
  }
  const kubectl = (argv: string[]) =>
    runProcess(kubectlPath(), argv, { env: { PATH: process.env.PATH, ...env() } });

  const cases: string[][] = [
    ['logs', '-l', 'app=api', '-n', 'payments'],
    ['logs', '-l', 'app=api', '-n', 'payments', '--prefix', '--tail=2'],
    ['logs', '-l', 'app=api', '-n', 'payments', '--tail=1', '--timestamps'],
    ['logs', '-l', 'app=worker', '-n', 'payments', '--tail=1'],
    ['logs', '-l', 'app=worker', '-n', 'payments', '--all-containers', '--prefix', '--tail=2'],
    ['logs', '-l', 'app=worker', '-n', 'payments', '-c', 'metrics', '--prefix', '--tail=1'],
    ['logs', '-l', 'tier=backend', '-n', 'payments', '--prefix', '--tail=1'],
    ['logs', 'deploy/worker', '-n', 'payments', '--all-containers', '--tail=3'],
    ['logs', 'deploy/worker', '-n', 'payments', '--all-containers', '--prefix', '--tail=1'],
    ['logs', 'deploy/api', '-n', 'payments', '--all-pods', '--tail=2'],
    ['logs', 'deploy/worker', '-n', 'payments', '--all-pods', '--all-containers', '--tail=1'],
    ['logs', '-l', 'app=api', '-n', 'payments', '--prefix', '--limit-bytes=30', '--tail=1'],
    ['logs', '-l', 'app=api', '-n', 'payments', '-p', '--ignore-errors', '--tail=1'],
    ['logs', '-l', 'app=worker', '-n', 'payments', '-p', '--all-containers', '--prefix'],
    ['logs', '-l', 'app=worker', '-n', 'payments', '-c', 'metrics', '-p', '--ignore-errors'],
  ];

  for (const argv of cases) {
    it(argv.join(' '), async () => {
      const [real, ours] = await Promise.all([kubectl(argv), iddio(argv)]);
      assert.equal(ours.exitCode, real.code, ours.stderr);
      assert.equal(ours.stderr, real.stderr);
      const theirs = blocks(real.stdout);
      const mine = blocks(ours.stdout);
      assert.ok(mine.length > 1, `several streams expected: ${ours.stdout}`);
      assert.deepEqual(
        sorted(mine),
        sorted(theirs),
        `kubectl:\n${real.stdout}\niddio:\n${ours.stdout}`,
      );
    });
  }

  it('a workload whose selector has expressions', async () => {
    const argv = ['logs', 'deploy/expr', '-n', 'staging', '--tail=1'];
    const [real, ours] = await Promise.all([kubectl(argv), iddio(argv)]);
    assert.deepEqual(
      { code: ours.exitCode, stdout: ours.stdout, stderr: ours.stderr },
      { code: real.code, stdout: real.stdout, stderr: real.stderr },
    );
    assert.match(ours.stderr, /^Found 2 pods, using pod\/expr-/);
    const list = ours.apiRequests.find((r) => r.path.includes('/pods?'));
    assert.equal(
      decodeURIComponent(list?.path.split('labelSelector=')[1] ?? '').replace(/\+/g, ' '),
      'app in (expr,other),!legacy,tier=front',
    );
  });

  it('a workload without pods: kubectl waits --pod-running-timeout for one', async () => {
    const argv = ['logs', 'deploy/zero', '-n', 'staging', '--pod-running-timeout=1s'];
    const [real, ours] = await Promise.all([kubectl(argv), iddio(argv)]);
    assert.deepEqual(
      { code: ours.exitCode, stdout: ours.stdout, stderr: ours.stderr },
      { code: real.code, stdout: real.stdout, stderr: real.stderr },
    );
    assert.equal(ours.stderr, 'error: timed out waiting for the condition\n');
    // A pod that appears while waiting is read.
    const waiting = iddio(['logs', 'deploy/zero', '-n', 'staging', '--tail=1']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const scaled = await kubectl(['scale', 'deploy/zero', '-n', 'staging', '--replicas=1']);
    assert.equal(scaled.code, 0, scaled.stderr);
    const found = await waiting;
    assert.equal(found.exitCode, 0, found.stderr);
    assert.match(found.stdout, /^level=info msg="[^"]+" pod=zero-\S+ container=c seq=20\n$/);
  });

  it('reads pods in list order and containers in spec order', async () => {
    const ours = await iddio([
      'logs',
      '-l',
      'tier=backend',
      '-n',
      'payments',
      '--all-containers',
      '--prefix',
      '--tail=1',
    ]);
    const keys = blocks(ours.stdout).map((b) => b.key);
    const expected = (
      await iddio(['get', 'pods', '-n', 'payments', '-l', 'tier=backend', '-o', 'name'])
    ).stdout
      .trim()
      .split('\n')
      .flatMap((pod) =>
        pod.startsWith('pod/worker-')
          ? [`[${pod}/worker] `, `[${pod}/metrics] `]
          : [`[${pod}/api] `],
      );
    assert.deepEqual(keys, expected);
  });

  it('-f over several pods streams them all at once, whole prefixed lines, until aborted', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 2_500);
    const argv = [
      'logs',
      '-l',
      'app=api',
      '-n',
      'payments',
      '-f',
      '--tail=1',
      '--prefix',
      '--max-log-requests=3',
    ];
    const ours = await iddio(argv, controller.signal);
    clearTimeout(timer);
    assert.equal(ours.exitCode, 130, ours.stderr);
    assert.ok(ours.stdout.endsWith('\n'));
    for (const pod of apiPods) {
      const lines = ours.stdout.split('\n').filter((l) => l.startsWith(`[${pod}/api] `));
      assert.ok(lines.length >= 2, `${pod}: ${ours.stdout}`);
      assert.ok(lines.every((l) => l.includes(`pod=${pod.slice(4)} container=api`)));
    }
    const follows = ours.apiRequests.filter((r) => /\/log\?.*follow=true/.test(r.path));
    assert.equal(follows.length, 3);
  });

  it('-f over several pods: the first failed stream ends the command with its error', async () => {
    const argv = ['logs', '-l', 'app=api', '-n', 'payments', '-f', '-p'];
    const ours = await iddio(argv);
    assert.equal(ours.exitCode, 1);
    assert.match(
      ours.stderr,
      /^Error from server \(BadRequest\): previous terminated container "api" in pod "api-[a-z0-9-]+" not found\n$/,
    );
    const real = await kubectl(argv);
    assert.equal(real.code, 1);
    assert.match(
      real.stderr,
      /^Error from server \(BadRequest\): previous terminated container "api" in pod/,
    );
  });

  it('-f with more streams than --max-log-requests is refused before any log request', async () => {
    const refused = await iddio([
      'logs',
      '-l',
      'app=worker',
      '-n',
      'payments',
      '-f',
      '--all-containers',
      '--max-log-requests=3',
    ]);
    assert.equal(refused.exitCode, 1);
    assert.equal(
      refused.stderr,
      'error: you are attempting to follow 4 log streams, but maximum allowed concurrency is 3, use --max-log-requests to increase the limit\n',
    );
    assert.ok(!refused.apiRequests.some((r) => r.path.includes('/log')));
  });
});
