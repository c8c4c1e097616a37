/** `iddio classify` end to end, through the built entry point (run `npm run build` first). */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runIddio, tempDir } from '../helpers/cli.js';

test('human output: tier, label, rule, reasons and the parsed invocation', async () => {
  const r = await runIddio([
    'classify',
    '--',
    'kubectl',
    '-n',
    'payments',
    'delete',
    'pod',
    'api-1',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^T3 sensitive {2}\(rule delete\)\n/);
  assert.match(r.stdout, /- T3 delete: deletes named objects: pods "api-1"/);
  assert.match(r.stdout, /namespace: {2}payments/);
  assert.match(r.stdout, /effect: {5}delete/);
  assert.match(r.stdout, /target: {5}pods "api-1" \[core, namespaced\]/);
});

test('--json prints one document with tier, tier_label, rule, reasons and invocation', async () => {
  const r = await runIddio(['classify', '--json', '--', 'get', 'secrets', '-A', '--token=s3cret']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as Record<string, unknown> & {
    invocation: Record<string, unknown>;
  };
  assert.deepEqual(Object.keys(doc), ['tier', 'tier_label', 'rule', 'reasons', 'invocation']);
  assert.deepEqual([doc.tier, doc.tier_label, doc.rule], [4, 'break-glass', 'credential-override']);
  assert.equal(doc.invocation.verb, 'get');
  assert.equal(doc.invocation.allNamespaces, true);
  assert.doesNotMatch(r.stdout, /s3cret/);
  assert.deepEqual(doc.invocation.argv, ['get', 'secrets', '-A', '--token=[REDACTED]']);
});

test('manifests from stdin are classified per object', async () => {
  const manifest = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}',
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}',
  ].join('\n---\n');
  const r = await runIddio(['classify', '--json', '--', 'apply', '-f', '-'], { input: manifest });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    tier: number;
    rule: string;
    invocation: { manifests: unknown[] };
  };
  assert.deepEqual([doc.tier, doc.rule, doc.invocation.manifests.length], [4, 'rbac-write', 2]);
});

test('an unknown flag is a usage error in kubectl wording, exit 2', async () => {
  const r = await runIddio(['classify', '--', 'get', 'pods', '--bogus']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'error: unknown flag: --bogus\n');
  assert.equal(r.stdout, '');
});

test('control characters from the argv never reach the terminal', async () => {
  const r = await runIddio([
    'classify',
    '--',
    'get',
    'pods',
    'x\u001b]0;pwned\u0007\u001b[2J',
    '-n',
    'a\u202eb',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  const json = await runIddio(['classify', '--json', '--', 'get', 'pods', 'x\u001b[2J']);
  assert.doesNotMatch(json.stdout, /\\u001b|\u001b/);
});

test('a broken user rule refuses the command: exit 3 with file and line', async () => {
  const home = tempDir();
  mkdirSync(join(home, 'rules'));
  writeFileSync(
    join(home, 'rules', 'mine.yaml'),
    'rules:\n  - id: x\n    tier: 9\n    reason: r\n    match: {verbs: [get]}\n',
  );
  const r = await runIddio(['classify', '--', 'get', 'pods'], { env: { IDDIO_HOME: home } });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /^iddio: .*mine\.yaml:3: unknown tier "9"/);
});

test('user rules are loaded and reported', async () => {
  const home = tempDir();
  mkdirSync(join(home, 'rules'));
  writeFileSync(
    join(home, 'rules', 'prod.yaml'),
    'rules:\n  - id: prod-writes\n    tier: 4\n    reason: prod\n    match: {effects: [write], namespaces: [prod]}\n',
  );
  const r = await runIddio(
    ['classify', '--json', '--', 'scale', 'deploy/x', '--replicas=2', '-n', 'prod'],
    { env: { IDDIO_HOME: home } },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { rule: string }).rule, 'prod-writes');
  const list = await runIddio(['classify', '--rules'], { env: { IDDIO_HOME: home } });
  assert.match(list.stdout, /^T4 {2}prod-writes .*prod\.yaml:2, user\)$/m);
  assert.match(list.stdout, /^T0 {2}observe /m);
});

test('--help teaches with examples', async () => {
  const r = await runIddio(['classify', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Examples:/);
  assert.match(r.stdout, /iddio classify -- get pods -n payments/);
});

test('-f reads files relative to the working directory; a bad manifest is exit 2', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
  writeFileSync(join(dir, 'bad.yaml'), 'kind: [\n');
  const ok = await runIddio(['classify', '--', 'apply', '-f', 'ns.yaml'], { cwd: dir });
  assert.match(ok.stdout, /^T4 break-glass {2}\(rule namespace-write\)/);
  const bad = await runIddio(['classify', '--', 'apply', '-f', 'bad.yaml'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: error parsing bad\.yaml/);
});

test('everything after the first -- is passed verbatim, later -- included', async () => {
  const r = await runIddio(['classify', '--json', '--', 'delete', '--', 'pods', '-A']);
  const doc = JSON.parse(r.stdout) as { rule: string; invocation: { argv: string[] } };
  assert.equal(doc.rule, 'delete');
  assert.deepEqual(doc.invocation.argv, ['delete', '--', 'pods', '-A']);
});

test('no argv at all is a usage error', async () => {
  const r = await runIddio(['classify']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^iddio: nothing to classify/);
});

test('--default-namespace stands in for the kubeconfig namespace', async () => {
  const r = await runIddio([
    'classify',
    '--default-namespace',
    'kube-system',
    '--',
    'delete',
    'pod',
    'x',
  ]);
  assert.match(r.stdout, /^T4 break-glass {2}\(rule protected-namespace\)/);
  assert.match(r.stdout, /namespace: {2}kube-system/);
});
