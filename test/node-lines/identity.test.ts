/**
 * iddio behaves the same on every supported Node line, and Node itself never speaks: the
 * same representative session (reads, an apply, a denial, a cluster error, a usage error,
 * classify, audit verify, the demo without a terminal) runs on each line given, against a
 * fresh sandbox each, and the transcripts — stdout, stderr and exit code of every step —
 * must be identical once run-specific values (ports, temporary paths, request IDs, hashes,
 * times) are masked. Any `(node:PID)` line or other runtime warning fails it.
 *
 * The lines are the node binaries in IDDIO_TEST_NODE_LINES (separated by ':'); .ci/run passes
 * Node 20, 22, 24 and 26 (.ci/node-line.sh fetches them). Without it, the test runs on the
 * Node that runs the tests, which still proves that line prints no warning.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { startSandbox } from '../../src/sandbox/index.js';
import { BIN, runProcess, tempDir, type RunResult } from '../helpers/cli.js';

const lines = (process.env.IDDIO_TEST_NODE_LINES ?? process.execPath)
  .split(delimiter)
  .filter((path) => path !== '');

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: lines
  namespace: staging
data:
  greeting: hello
`;

/** Each step is iddio's argv (after the binary); `kubectl` steps use the sandbox. */
const STEPS: string[][] = [
  ['--version'],
  ['kubectl', 'get', 'pods', '-n', 'payments'],
  ['kubectl', 'get', 'deployment', 'api', '-n', 'payments', '-o', 'yaml'],
  ['kubectl', 'get', 'pods', '-n', 'no-such-namespace'],
  ['kubectl', 'get', 'pod', 'no-such-pod', '-n', 'payments'],
  ['kubectl', 'apply', '-f', 'MANIFEST'],
  ['kubectl', 'apply', '-f', 'MANIFEST'],
  ['kubectl', 'get', 'configmap', 'lines', '-n', 'staging', '-o', 'json'],
  ['kubectl', 'exec', '-n', 'payments', 'deploy/api', '--', 'sh'],
  ['kubectl', 'get', 'pods', '--bogus'],
  ['classify', '--', 'delete', 'pods', '--all', '-n', 'payments'],
  ['classify', '--json', '--', 'apply', '-f', 'MANIFEST'],
  ['audit', 'verify'],
  ['audit', 'summary'],
  ['demo'],
];

/** Values that differ from run to run whatever the Node line. */
function mask(text: string, work: string): string {
  return text
    .replaceAll(work, '<work>')
    .replace(/\/tmp\/[\w.-]+/g, '<tmp>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/idd_[0-9A-Z]{26}/g, 'idd_<id>')
    .replace(/\b[0-9a-f]{16,}\b/g, '<hex>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
}

interface Step {
  argv: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

async function session(node: string): Promise<Step[]> {
  const sandbox = await startSandbox();
  const work = tempDir('iddio-lines-');
  try {
    const home = join(work, 'iddio');
    mkdirSync(home);
    // Writes up to T2 run without asking, so the apply reaches the cluster; T4 stays denied.
    writeFileSync(
      join(home, 'policy.yaml'),
      'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: escalate, 4: deny }\n',
    );
    const manifest = join(work, 'configmap.yaml');
    writeFileSync(manifest, CONFIGMAP);
    // Only what a user's shell would hold: nothing from the test runner (NODE_OPTIONS, …).
    const env = {
      PATH: process.env.PATH,
      HOME: work,
      IDDIO_HOME: home,
      IDDIO_AGENT: 'lines',
      KUBECONFIG: sandbox.kubeconfigPath,
    };
    const steps: Step[] = [];
    for (const argv of STEPS) {
      const args = argv.map((arg) => (arg === 'MANIFEST' ? manifest : arg));
      const result: RunResult = await runProcess(node, [BIN, ...args], {
        env,
        cwd: work,
        detached: true,
        timeoutMs: 60_000,
      });
      steps.push({
        argv: argv.join(' '),
        code: result.code,
        stdout: mask(result.stdout, work),
        stderr: mask(result.stderr, work),
      });
    }
    return steps;
  } finally {
    await sandbox.stop();
  }
}

function versionOf(node: string): string {
  const result = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${node} does not run: ${result.stderr}`);
  return result.stdout.trim();
}

test(`the same session on ${lines.length} Node line(s): no runtime warning, identical output`, async () => {
  let reference: { version: string; steps: Step[] } | undefined;
  for (const node of lines) {
    const version = versionOf(node);
    const steps = await session(node);
    for (const step of steps) {
      for (const [stream, text] of [
        ['stderr', step.stderr],
        ['stdout', step.stdout],
      ] as const) {
        assert.doesNotMatch(
          text,
          /^\(node:\d+\)|\b\w*Warning: |--trace-(deprecation|warnings)/m,
          `Node ${version}, iddio ${step.argv}: a runtime warning on ${stream}:\n${text}`,
        );
      }
    }
    // The session did what it should on this line (so identical output is not identical failure).
    const byArgv = (argv: string): Step | undefined => steps.find((s) => s.argv === argv);
    assert.match(
      byArgv('kubectl get pods -n payments')?.stdout ?? '',
      /^api-\S+\s+1\/1\s+Running/m,
    );
    assert.equal(steps[5]?.stdout, 'configmap/lines created\n');
    assert.equal(steps[6]?.stdout, 'configmap/lines unchanged\n');
    assert.equal(byArgv('kubectl exec -n payments deploy/api -- sh')?.code, 3);
    assert.equal(byArgv('audit verify')?.code, 0);
    assert.equal(byArgv('demo')?.code, 0);
    if (reference === undefined) {
      reference = { version, steps };
      continue;
    }
    for (const [index, step] of steps.entries()) {
      assert.deepEqual(
        step,
        reference.steps[index],
        `iddio ${step.argv}: Node ${version} differs from Node ${reference.version}`,
      );
    }
  }
});
