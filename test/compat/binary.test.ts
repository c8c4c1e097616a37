/**
 * The differential suite through the shipped binary: each command runs as `iddio kubectl …`
 * (bin/iddio.js, the esbuild bundle: run `npm run build` first) and as the real kubectl
 * 1.32.3, against identical sandbox state. stdout, stderr and the exit code must match after
 * normalising ages, timestamps and generated names; a mismatch fails unless
 * test/compat/allow-list.yaml lists the command with a reason, and a listed command that now
 * matches fails too (so the list cannot go stale). Every iddio run must also be on record:
 * `decided` + `completed` with its exit code, and `iddio audit verify` must pass at the end.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ROOT, runIddio, type RunResult } from '../helpers/cli.js';
import { MUTATING, READ_ONLY } from './commands.js';
import {
  auditProblems,
  compare,
  iddioEnv,
  iddioSide,
  kubectlSide,
  loadAllowList,
  pool,
  viaIddio,
  viaKubectl,
  type IddioSide,
} from './harness.js';

const ALLOW_LIST = loadAllowList(join(ROOT, 'test', 'compat', 'allow-list.yaml'));
/** Pairs of processes in flight for the read-only commands (2 cores: kubectl + node each). */
const CONCURRENCY = 2;

// The two halves use different sandboxes, so they run side by side.
describe('iddio kubectl (binary) vs kubectl 1.32.3', { concurrency: true }, () => {
  let shared: Sandbox;
  let left: Sandbox;
  let right: Sandbox;
  const outcomes: Array<{ command: string; mismatch?: string }> = [];
  const iddioRuns = new Map<IddioSide, Array<{ argv: string[]; code: number | null }>>();

  before(async () => {
    [shared, left, right] = await Promise.all([startSandbox(), startSandbox(), startSandbox()]);
  });
  after(async () => {
    await Promise.all([shared.stop(), left.stop(), right.stop()]);
    // Every allow-list entry must still name a real difference (the list cannot go stale).
    const differing = new Set(outcomes.filter((o) => o.mismatch).map((o) => o.command));
    const ran = new Set(outcomes.map((o) => o.command));
    const stale = [...ALLOW_LIST.keys()].filter((c) => ran.has(c) && !differing.has(c));
    const unknown = [...ALLOW_LIST.keys()].filter((c) => !ran.has(c));
    const matched = outcomes.filter((o) => !o.mismatch).length;
    const allowed = outcomes.filter((o) => o.mismatch && ALLOW_LIST.has(o.command)).length;
    const rate = ((100 * matched) / Math.max(1, outcomes.length)).toFixed(1);
    console.log(
      `compat (binary): ${matched}/${outcomes.length} commands identical to kubectl 1.32.3 (${rate}%); allow-listed differences: ${allowed}`,
    );
    if (outcomes.length === READ_ONLY.length + MUTATING.length) {
      assert.deepEqual(stale, [], 'allow-listed but identical now');
      assert.deepEqual(unknown, [], 'allow-listed but not in the suite');
    }
  });

  /** Records the outcome; returns a failure message, or undefined. */
  const judge = (argv: string[], real: RunResult, ours: RunResult): string | undefined => {
    const command = argv.join(' ');
    const mismatch = compare(argv, real, ours);
    outcomes.push({ command, mismatch });
    // Allow-listed commands are checked for staleness once every run is in (a command may
    // occur more than once, and only needs to differ somewhere to stay listed).
    return ALLOW_LIST.has(command) ? undefined : mismatch;
  };

  const runIddioRecorded = async (argv: string[], side: IddioSide): Promise<RunResult> => {
    const result = await viaIddio(argv, side);
    const runs = iddioRuns.get(side) ?? [];
    runs.push({ argv, code: result.code });
    iddioRuns.set(side, runs);
    return result;
  };

  const verifyAudit = async (side: IddioSide): Promise<void> => {
    const problems = auditProblems(
      join(side.iddioHome, 'audit', 'audit.ndjson'),
      iddioRuns.get(side) ?? [],
    );
    assert.deepEqual(problems, []);
    const verify = await runIddio(['audit', 'verify'], { env: iddioEnv(side) });
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^audit log intact: \d+ events/);
  };

  it(`${READ_ONLY.length} read-only commands, concurrently, against one sandbox`, async () => {
    const real = kubectlSide(shared.kubeconfigPath);
    const ours = iddioSide(shared.kubeconfigPath);
    const failures = await pool(READ_ONLY, CONCURRENCY, async (argv) => {
      const [a, b] = await Promise.all([viaKubectl(argv, real), runIddioRecorded(argv, ours)]);
      return judge(argv, a, b);
    });
    report(failures.filter((f): f is string => f !== undefined));
    await verifyAudit(ours);
  });

  it(`${MUTATING.length} mutating commands, in order, one sandbox per side`, async () => {
    const real = kubectlSide(left.kubeconfigPath);
    const ours = iddioSide(right.kubeconfigPath);
    const failures: string[] = [];
    for (const argv of MUTATING) {
      const [a, b] = await Promise.all([viaKubectl(argv, real), runIddioRecorded(argv, ours)]);
      const failure = judge(argv, a, b);
      if (failure) failures.push(failure);
    }
    report(failures);
    await verifyAudit(ours);
  });
});

/** Full diffs on stderr; the assertion names the commands, one per line. */
function report(failures: string[]): void {
  for (const failure of failures) console.error(`\n${failure}`);
  assert.deepEqual(
    failures.map((f) => /^(.*?): (?:exit|stdout|stderr)/s.exec(f)?.[1] ?? f),
    [],
  );
}
