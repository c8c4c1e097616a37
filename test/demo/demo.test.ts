import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIddio } from '../helpers/cli.js';

test('iddio demo runs the scripted session end to end without a terminal, failing closed on the approval', async () => {
  const result = await runIddio(['demo'], { timeoutMs: 60_000 });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  // The T0 read printed the seeded pods.
  assert.match(result.stdout, /^api-\S+\s+1\/1\s+Running/m);
  // No terminal to ask on: the scale is declined (exit 4), the exec denied (exit 3).
  assert.match(result.stderr, /^iddio: not approved: .*T2 modify/m);
  assert.match(result.stderr, /^iddio: denied: .*T4 break-glass/m);
  assert.match(
    result.stdout,
    /demo-agent\s+1 T0 reads · 1 T2 scales \(1 denied\) · 1 T4 execs \(1 denied\)/,
  );
  assert.match(result.stdout, /audit log intact: 5 events/);
});

test('the demo gives a newcomer two minutes to answer, on the terminal only', async () => {
  const { DEMO_POLICY } = await import('../../src/cli/commands/demo/run.js');
  const { readPolicy } = await import('../../src/policy/load.js');
  const { tempDir } = await import('../helpers/cli.js');
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(tempDir(), 'policy.yaml');
  writeFileSync(file, DEMO_POLICY);
  const policy = readPolicy(file);
  assert.equal(policy.approval.timeout_ms, 120_000);
  assert.equal(policy.approval.channel, 'tty');
});
