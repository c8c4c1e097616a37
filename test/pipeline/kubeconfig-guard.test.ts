/** `config use-context|set-context` never rewrite a file in iddio's own home. */
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runIddio, tempDir } from '../helpers/cli.js';

const POLICY = 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n';

function home(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  return dir;
}

const lastEvent = (dir: string) =>
  JSON.parse(
    readFileSync(join(dir, 'audit', 'audit.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .at(-1) ?? '{}',
  ) as {
    stage: string;
    decision: string;
  };

test('--kubeconfig naming the policy is refused before anything is written, and on record', async () => {
  const dir = home();
  const policy = join(dir, 'policy.yaml');
  const result = await runIddio(
    ['kubectl', `--kubeconfig=${policy}`, 'config', 'set-context', 'x', '--cluster=y'],
    { env: { IDDIO_HOME: dir, IDDIO_AGENT: 'test' } },
  );
  assert.equal(result.code, 3);
  assert.match(
    result.stderr,
    /^iddio: refusing to write the kubeconfig .*policy\.yaml: it is inside iddio's home/,
  );
  assert.equal(result.stderr.split('\n').length, 2);
  assert.equal(readFileSync(policy, 'utf8'), POLICY);
  assert.deepEqual([lastEvent(dir).stage, lastEvent(dir).decision], ['decided', 'deny']);
});

test('a KUBECONFIG list reaching into the home through a symlink is refused too', async () => {
  const dir = home();
  const elsewhere = tempDir();
  symlinkSync(dir, join(elsewhere, 'link'));
  const result = await runIddio(['kubectl', 'config', 'use-context', 'x'], {
    env: {
      IDDIO_HOME: dir,
      IDDIO_AGENT: 'test',
      KUBECONFIG: `${join(elsewhere, 'missing')}:${join(elsewhere, 'link', 'agents.yaml')}`,
    },
  });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /inside iddio's home/);
});

test('a kubeconfig outside the home is written as usual', async () => {
  const dir = home();
  const kubeconfig = join(tempDir(), 'config');
  const result = await runIddio(
    ['kubectl', `--kubeconfig=${kubeconfig}`, 'config', 'set-context', 'x', '--cluster=y'],
    { env: { IDDIO_HOME: dir, IDDIO_AGENT: 'test' } },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, 'Context "x" created.\n');
  assert.match(readFileSync(kubeconfig, 'utf8'), /cluster: "y"/);
});
