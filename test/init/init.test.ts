/** `iddio init` end to end (run `npm run build` first when running this file alone). */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_POLICY_YAML } from '../../src/policy/default.js';
import { runIddio, tempDir } from '../helpers/cli.js';

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

test('init creates the home (0700), the commented policy, the audit directory and the inbox', async () => {
  const home = join(tempDir(), 'iddio');
  const result = await runIddio(['init'], { env: { IDDIO_HOME: home } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(mode(home), 0o700);
  assert.equal(mode(join(home, 'audit')), 0o700);
  assert.equal(mode(join(home, 'inbox')), 0o700);
  assert.equal(readFileSync(join(home, 'policy.yaml'), 'utf8'), DEFAULT_POLICY_YAML);
  for (const path of [home, join(home, 'policy.yaml'), join(home, 'audit'), join(home, 'inbox')]) {
    assert.match(
      result.stdout,
      new RegExp(`^created ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm'),
    );
  }
  assert.match(result.stdout, /is valid/);
});

test('init is idempotent: a second run creates nothing and says what it kept', async () => {
  const home = join(tempDir(), 'iddio');
  await runIddio(['init'], { env: { IDDIO_HOME: home } });
  const again = await runIddio(['init'], { env: { IDDIO_HOME: home } });
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /^created/m);
  assert.equal(again.stdout.match(/^kept /gm)?.length, 4);
  assert.match(again.stdout, /policy\.yaml \(the default policy, unchanged\)/);
});

test('init never overwrites an edited policy, and reports it', async () => {
  const home = join(tempDir(), 'iddio');
  mkdirSync(home, { mode: 0o700 });
  const edited = 'version: 1\ndefault: { 2: deny }\n';
  writeFileSync(join(home, 'policy.yaml'), edited);
  const result = await runIddio(['init'], { env: { IDDIO_HOME: home } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(readFileSync(join(home, 'policy.yaml'), 'utf8'), edited);
  assert.match(result.stdout, /^kept +\S+policy\.yaml \(edited; not overwritten\)$/m);
  assert.match(result.stdout, /^created \S+audit /m);
});

test('init reports an invalid existing policy with file and line, exit 3, without touching it', async () => {
  const home = join(tempDir(), 'iddio');
  mkdirSync(home, { mode: 0o700 });
  const broken = 'version: 1\ndefault:\n  2: alow\n';
  writeFileSync(join(home, 'policy.yaml'), broken);
  const result = await runIddio(['init'], { env: { IDDIO_HOME: home } });
  assert.equal(result.code, 3);
  assert.match(
    result.stdout,
    new RegExp(`INVALID: ${join(home, 'policy.yaml')}:3: unknown decision "alow"`),
  );
  assert.equal(readFileSync(join(home, 'policy.yaml'), 'utf8'), broken);
});

test('init tightens a home that others can read to 0700', async () => {
  const home = join(tempDir(), 'iddio');
  mkdirSync(home);
  chmodSync(home, 0o755);
  const result = await runIddio(['init'], { env: { IDDIO_HOME: home } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(mode(home), 0o700);
  assert.match(result.stdout, /permissions tightened from 0755 to 0700/);
});

test('init creates the directory of a relocated audit log (IDDIO_AUDIT_LOG)', async () => {
  const root = tempDir();
  const log = join(root, 'elsewhere', 'log', 'audit.ndjson');
  const result = await runIddio(['init'], {
    env: { IDDIO_HOME: join(root, 'home'), IDDIO_AUDIT_LOG: log },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(mode(join(root, 'elsewhere', 'log')), 0o700);
});

test('init --help describes the command without doing anything', async () => {
  const home = join(tempDir(), 'iddio');
  const result = await runIddio(['init', '--help'], { env: { IDDIO_HOME: home } });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /policy\.yaml/);
  assert.throws(() => statSync(home));
});

test('init where the home cannot be made: one line that says why and what to do, never a hang', async () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, '');
  // A path under a file, and /proc, whose ENOENT makes Node's recursive mkdir spin forever.
  for (const home of [join(file, 'home'), '/proc/iddio-test-home/x']) {
    const result = await runIddio(['init'], { env: { IDDIO_HOME: home }, timeoutMs: 20_000 });
    assert.notEqual(result.code, 0, `${home}: ${result.stderr}`);
    assert.match(result.stderr, /^iddio: cannot (create|use) [^\n]*\n$/);
    assert.doesNotMatch(result.stderr, /internal error|EPERM:|at /);
  }
});
