/**
 * The compat suite's command lists through the gateway: each command runs as the real kubectl
 * straight at a sandbox and as the same kubectl with only an agent kubeconfig through
 * `iddio serve`, and the two must print the same, except where the policy refuses a request
 * (listed, with the gateway's Forbidden line). The sandbox's own audit log then shows an iddio
 * Audit-ID on every request that came through the gateway and on none that did not.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { classify, loadRules, shippedRulesDir } from '../../src/classify/index.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { nodeIo } from '../../src/kubectl/node-io.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { RunResult } from '../helpers/cli.js';
import { MUTATING, READ_ONLY } from '../compat/commands.js';
import { compare, kubectlSide, pool, viaKubectl } from '../compat/harness.js';
import { gatewayFor, type TestGateway } from './helpers.js';

/** T0–T3 run without a human (as in the compat suite), so only T4 requests are refused. */
const POLICY = 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n';
const REFUSED =
  /^Error from server \(Forbidden\): iddio: denied: .*\(T4 break-glass, rule [\w-]+, request idd_\w+\)$/m;
const rules = loadRules({ shippedDir: shippedRulesDir() });

/** The tier the argv itself classifies at; a gateway refusal is only right for T4 commands. */
function argvTier(argv: string[]): number | undefined {
  try {
    return classify(
      parseKubectlArgv(
        argv,
        nodeIo(() => ''),
      ),
      rules,
    ).tier;
  } catch {
    return undefined;
  }
}

function auditIds(sandbox: Sandbox): string[] {
  return readFileSync(sandbox.auditLogPath, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { auditID: string }).auditID);
}

describe('the compat command lists through iddio serve', { concurrency: true }, () => {
  let shared: Sandbox;
  let left: Sandbox;
  let right: Sandbox;
  let sharedGw: TestGateway;
  let rightGw: TestGateway;
  const refusals: string[] = [];

  before(async () => {
    [shared, left, right] = await Promise.all([startSandbox(), startSandbox(), startSandbox()]);
    [sharedGw, rightGw] = await Promise.all([
      gatewayFor(shared.kubeconfigPath, { policy: POLICY }),
      gatewayFor(right.kubeconfigPath, { policy: POLICY }),
    ]);
  });
  after(async () => {
    await Promise.all([sharedGw.stop(), rightGw.stop()]);
    await Promise.all([shared.stop(), left.stop(), right.stop()]);
    console.log(`compat through the gateway: ${refusals.length} commands refused by policy (T4)`);
  });

  /** A mismatch message, or undefined when identical or a T4 refusal by the gateway. */
  const judge = (argv: string[], real: RunResult, ours: RunResult): string | undefined => {
    if (REFUSED.test(ours.stderr) && ours.code === 1) {
      refusals.push(argv.join(' '));
      return argvTier(argv) === 4 ? undefined : `${argv.join(' ')}: refused but T${argvTier(argv)}`;
    }
    // The two sides reach the cluster at different addresses (cluster-info prints it).
    const server = (r: RunResult): RunResult => ({
      ...r,
      stdout: r.stdout.replace(/https:\/\/127\.0\.0\.1:\d+/g, '<server>'),
      stderr: r.stderr.replace(/https:\/\/127\.0\.0\.1:\d+/g, '<server>'),
    });
    const mismatch = compare(argv, server(real), server(ours));
    if (mismatch !== undefined) console.error(`\n${mismatch}`);
    return mismatch;
  };

  /**
   * Commands about the kubeconfig itself (config …, --context/--user/--cluster of the sandbox's
   * file) read a different file by design: the agent's holds one context, the gateway's.
   */
  const aboutKubeconfig = (argv: string[]): boolean =>
    argv[0] === 'config' || argv.some((a) => /^--(context|user|cluster|kubeconfig)(=|$)/.test(a));

  it(`${READ_ONLY.length} read-only commands`, async () => {
    const real = kubectlSide(shared.kubeconfigPath);
    const ours = kubectlSide(sharedGw.kubeconfig);
    const before = auditIds(shared).length;
    const failures = await pool(
      READ_ONLY.filter((argv) => !aboutKubeconfig(argv)),
      2,
      async (argv) => {
        const [a, b] = await Promise.all([viaKubectl(argv, real), viaKubectl(argv, ours)]);
        return judge(argv, a, b);
      },
    );
    assert.deepEqual(
      failures.filter((f) => f !== undefined),
      [],
    );
    // Direct requests carry kubectl's own random Audit-IDs (UUIDs); the gateway's carry iddio's.
    const ids = auditIds(shared).slice(before);
    const viaGateway = ids.filter((id) => id.startsWith('idd-'));
    assert.ok(viaGateway.length > READ_ONLY.length / 2, `${viaGateway.length} gateway requests`);
    assert.ok(ids.length - viaGateway.length > READ_ONLY.length / 2);
  });

  it(`${MUTATING.length} mutating commands, one sandbox per side`, async () => {
    const real = kubectlSide(left.kubeconfigPath);
    const ours = kubectlSide(rightGw.kubeconfig);
    const failures: string[] = [];
    for (const argv of MUTATING.filter((a) => !aboutKubeconfig(a))) {
      const [a, b] = await Promise.all([viaKubectl(argv, real), viaKubectl(argv, ours)]);
      const failure = judge(argv, a, b);
      if (failure) failures.push(failure);
    }
    assert.deepEqual(failures, []);
    // Every request the right-hand sandbox saw came through the gateway; none on the left did.
    assert.deepEqual(
      auditIds(right).filter((id) => !id.startsWith('idd-')),
      [],
    );
    assert.deepEqual(
      auditIds(left).filter((id) => id.startsWith('idd-')),
      [],
    );
  });
});
