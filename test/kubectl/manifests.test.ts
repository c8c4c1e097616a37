import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KubectlUsageError } from '../../src/kubectl/argv.js';
import { nodeIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { memoryIo } from '../classify/memory-io.js';
import { tempDir } from '../helpers/cli.js';

const kinds = (argv: string, stdin = '') =>
  parseKubectlArgv(argv.split(' '), memoryIo(stdin)).manifests.map(
    (o) => `${o.kind}/${o.name ?? ''}${o.namespace ? `@${o.namespace}` : ''}`,
  );

test('multi-document YAML: every object, empty documents skipped', () => {
  assert.deepEqual(kinds('apply -f mixed.yaml'), ['ConfigMap/a', 'Service/b', 'RoleBinding/c']);
  assert.deepEqual(kinds('apply -f empty.yaml'), []);
});

test('JSON, and List kinds expanded (nested, and typed lists like ConfigMapList)', () => {
  assert.deepEqual(kinds('apply -f list.json'), ['ConfigMap/x', 'ClusterRole/y']);
  assert.deepEqual(kinds('apply -f cmlist.yaml'), ['ConfigMap/one', 'ConfigMap/two']);
});

test('directories: manifest extensions only, subdirectories only with -R', () => {
  assert.deepEqual(kinds('apply -f app'), ['ConfigMap/settings', 'Deployment/api']);
  assert.deepEqual(kinds('apply -f app -R'), [
    'ConfigMap/settings',
    'Deployment/api',
    'Role/pod-reader',
  ]);
});

test('stdin is read once, however many times -f - appears', () => {
  let reads = 0;
  const io = {
    ...memoryIo('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n'),
    stdin: () => (reads++, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n'),
  };
  const inv = parseKubectlArgv(['apply', '-f', '-', '-f', '-'], io);
  assert.equal(reads, 1);
  assert.equal(inv.manifests.length, 1);
  assert.equal(inv.manifests[0]?.source, '-');
});

test('kustomizations: resources, nested kustomizations, generators and the namespace override', () => {
  assert.deepEqual(kinds('apply -k kust'), [
    'Deployment/api@kube-system',
    'ConfigMap/settings@kube-system',
  ]);
  assert.deepEqual(kinds('apply -k kust2'), ['ConfigMap/settings', 'Secret/creds']);
  assert.deepEqual(kinds('apply -k kust3'), [
    'ConfigMap/settings',
    'Secret/creds',
    'Role/pod-reader',
  ]);
});

test('what cannot be read offline is reported, not guessed', () => {
  const inv = parseKubectlArgv(
    ['apply', '-f', 'https://example.com/x.yaml', '-k', 'kust-remote'],
    memoryIo(),
  );
  assert.deepEqual(
    inv.unreadable.map((u) => u.source),
    ['https://example.com/x.yaml', 'https://github.com/example/repo//base?ref=v1'],
  );
  assert.match(inv.unreadable[0]?.reason ?? '', /offline/);
});

test('known kinds resolve to resources; unknown kinds and versions are marked unknown', () => {
  const inv = parseKubectlArgv(
    ['apply', '-f', 'widget.yaml', '-f', 'old-role.yaml', '-f', 'hpa-v1.yaml'],
    memoryIo(),
  );
  assert.deepEqual(
    inv.manifests.map((o) => [o.kind, o.known, o.resource]),
    [
      ['Widget', false, undefined],
      ['Role', false, undefined],
      ['HorizontalPodAutoscaler', true, 'horizontalpodautoscalers'],
    ],
  );
});

test('a manifest that does not parse is a usage error naming the file', () => {
  for (const [file, pattern] of [
    ['bad.yaml', /error parsing bad\.yaml/],
    ['nokind.yaml', /kind not set/],
    ['scalar.yaml', /not an object/],
    ['missing.yaml', /the path "missing\.yaml" does not exist/],
  ] as const) {
    assert.throws(
      () => parseKubectlArgv(['apply', '-f', file], memoryIo()),
      (e: unknown) => e instanceof KubectlUsageError && pattern.test(e.message),
      file,
    );
  }
});

test('YAML alias bombs are refused, not expanded', () => {
  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
    ),
  ].join('\n');
  assert.throws(
    () =>
      parseKubectlArgv(
        ['apply', '-f', '-'],
        memoryIo(`apiVersion: v1\nkind: ConfigMap\n${bomb}\n`),
      ),
    KubectlUsageError,
  );
});

test('the node io reads real files and directories', () => {
  const dir = tempDir('iddio-manifests-');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
  writeFileSync(
    join(dir, 'sub', 'b.json'),
    '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"b"}}',
  );
  const inv = parseKubectlArgv(
    ['apply', '-R', '-f', dir],
    nodeIo(() => ''),
  );
  assert.deepEqual(
    inv.manifests.map((o) => o.kind),
    ['ConfigMap', 'Secret'],
  );
});

test('an unreadable directory or stdin is a usage error, not a crash', () => {
  const failing = {
    ...memoryIo(),
    readDir: () => {
      throw new Error('EACCES');
    },
    stdin: () => {
      throw new Error('EAGAIN');
    },
  };
  assert.throws(
    () => parseKubectlArgv(['apply', '-f', 'app'], failing),
    /the path "app" cannot be read/,
  );
  assert.throws(() => parseKubectlArgv(['apply', '-f', '-'], failing), /stdin cannot be read/);
});
