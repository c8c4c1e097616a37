/**
 * Differential tests: each command runs through iddio's executor and through the real
 * kubectl 1.32.3 against the same sandbox state, and stdout, stderr and exit code must be
 * identical after normalising ages. Read-only commands share one sandbox; mutating commands
 * run in order against two sandboxes started from the same seed (kubectl → A, iddio → B), so
 * each side sees the state its own earlier commands left. The match rate is printed; any
 * mismatch not in KNOWN_DIFFERENCES (with its reason) fails the suite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { emptyIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import * as lists from '../compat/commands.js';
import { compare } from '../compat/harness.js';
import { runExecutor } from './helpers.js';

// The binary suite's command lists (test/compat/), run here through the executor in-process:
// together the two suites show whether a difference is the executor's or the pipeline's. Argv
// the parser refuses never reaches an executor; the binary suite compares those (exit 2).
const parses = (argv: string[]): boolean => {
  try {
    parseKubectlArgv(argv, emptyIo);
    return true;
  } catch {
    return false;
  }
};
const READ_ONLY = lists.READ_ONLY.filter(parses);
const MUTATING = lists.MUTATING.filter(parses);

/**
 * Reviewed differences, by the command joined with spaces: iddio's output is deliberately not
 * kubectl's here.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'get deploy worker -n payments -o jsonpath={.metadata.annotations.hostile}':
    'terminal escape sequences from the cluster are stripped before printing (kubectl prints them raw)',
};

it('every known difference is a command this suite runs', () => {
  const run = new Set([...READ_ONLY, ...MUTATING].map((argv) => argv.join(' ')));
  assert.deepEqual(
    Object.keys(KNOWN_DIFFERENCES).filter((key) => !run.has(key)),
    [],
  );
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function viaKubectl(argv: string[], sandbox: Sandbox, home: string): Promise<Outcome> {
  return runProcess(kubectlPath(), argv, {
    env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
  });
}

async function viaIddio(
  argv: string[],
  sandbox: Sandbox,
  home: string,
  cacheDir: string,
): Promise<Outcome> {
  const result = await runExecutor(argv, {
    requestId: newRequestId(),
    cacheDir,
    env: { HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

describe('iddio executor vs kubectl 1.32.3 (differential)', () => {
  let shared: Sandbox;
  let left: Sandbox;
  let right: Sandbox;
  const results: Array<{ argv: string[]; mismatch?: string }> = [];

  before(async () => {
    [shared, left, right] = await Promise.all([startSandbox(), startSandbox(), startSandbox()]);
  });
  after(async (t) => {
    await Promise.all([shared.stop(), left.stop(), right.stop()]);
    const matched = results.filter((r) => !r.mismatch).length;
    const rate = ((100 * matched) / Math.max(1, results.length)).toFixed(1);
    const line = `compat: ${matched}/${results.length} commands identical to kubectl 1.32.3 (${rate}%); known differences: ${
      results.filter((r) => r.mismatch && KNOWN_DIFFERENCES[r.argv.join(' ')]).length
    }`;
    (t as unknown as { diagnostic?: (s: string) => void }).diagnostic?.(line);
    console.log(line);
  });

  const check = (argv: string[], real: Outcome, ours: Outcome): void => {
    const mismatch = compare(argv, real, ours);
    results.push({ argv, mismatch });
    const known = KNOWN_DIFFERENCES[argv.join(' ')];
    if (known) {
      assert.ok(mismatch, `listed as a known difference but identical now: ${argv.join(' ')}`);
      return;
    }
    assert.equal(mismatch, undefined);
  };

  it(`${READ_ONLY.length} read-only commands against one sandbox`, async () => {
    const home = tempDir('iddio-compat-home-');
    const cacheDir = tempDir('iddio-compat-cache-');
    const failures: string[] = [];
    for (const argv of READ_ONLY) {
      const [real, ours] = await Promise.all([
        viaKubectl(argv, shared, home),
        viaIddio(argv, shared, home, cacheDir),
      ]);
      try {
        check(argv, real, ours);
      } catch {
        failures.push(compare(argv, real, ours) ?? argv.join(' '));
      }
    }
    assert.deepEqual(failures, []);
  });

  it(`${MUTATING.length} mutating commands, in order, against a pair of sandboxes`, async () => {
    const home = tempDir('iddio-compat-home-');
    const cacheDir = tempDir('iddio-compat-cache-');
    const failures: string[] = [];
    for (const argv of MUTATING) {
      const real = await viaKubectl(argv, left, home);
      const ours = await viaIddio(argv, right, home, cacheDir);
      try {
        check(argv, real, ours);
      } catch {
        failures.push(
          compare(argv, real, ours) ?? `${argv.join(' ')}: listed as known but identical`,
        );
      }
    }
    assert.deepEqual(failures, []);
  });
});
