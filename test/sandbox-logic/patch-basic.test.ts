import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch, PatchError } from '../../src/sandbox/patch/index.js';
import type { KubeObject } from '../../src/sandbox/types.js';

const NOT_APPLIED = 'the server rejected our request due to an error in our request';

function configMap(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'default', labels: { app: 'web', tier: 'fe' } },
    data: { a: '1', b: '2' },
    list: [1, 2, 3],
  };
}

const merge = (target: KubeObject, patch: unknown): KubeObject =>
  applyPatch(target, patch, 'application/merge-patch+json', { kind: target.kind });
const json = (target: KubeObject, patch: unknown): KubeObject =>
  applyPatch(target, patch, 'application/json-patch+json', { kind: target.kind });

function rejects(
  fn: () => unknown,
  reason: string,
  message: string | RegExp,
  detail?: RegExp,
): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof PatchError, `expected PatchError, got ${String(err)}`);
    assert.equal(err.reason, reason);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    if (detail !== undefined) assert.match(err.detail ?? '', detail);
    return true;
  });
}

test('merge patch: maps merge, null deletes, arrays replace, and the target is untouched', () => {
  const target = configMap();
  const before = JSON.stringify(target);
  const out = merge(target, {
    metadata: { labels: { tier: null, env: 'prod' } },
    data: { b: '20', c: '3' },
    list: [9],
  });
  assert.deepEqual(out.metadata.labels, { app: 'web', env: 'prod' });
  assert.deepEqual(out.data, { a: '1', b: '20', c: '3' });
  assert.deepEqual(out.list, [9]);
  assert.equal(JSON.stringify(target), before);
});

test('merge patch: a raw JSON string body is decoded; a non-object body is a BadRequest', () => {
  const out = merge(configMap(), '{"data":{"a":"x"}}');
  assert.deepEqual(out.data, { a: 'x', b: '2' });
  rejects(() => merge(configMap(), [1]), 'BadRequest', 'Invalid JSON Patch');
  rejects(() => merge(configMap(), '{oops'), 'BadRequest', /^error decoding patch: /);
});

test('merge patch: a hostile __proto__ key becomes data, not a prototype', () => {
  const out = merge(configMap(), JSON.parse('{"data":{"__proto__":{"polluted":true}}}'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.ok(Object.prototype.hasOwnProperty.call(out.data, '__proto__'));
});

test('json patch: add, remove, replace, move, copy and test in sequence', () => {
  const out = json(configMap(), [
    { op: 'test', path: '/data/a', value: '1' },
    { op: 'add', path: '/data/c', value: '3' },
    { op: 'add', path: '/list/-', value: 4 },
    { op: 'add', path: '/list/0', value: 0 },
    { op: 'remove', path: '/list/1' },
    { op: 'replace', path: '/data/a', value: 'one' },
    { op: 'move', from: '/data/b', path: '/data/moved' },
    { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/app~1copy' },
    { op: 'test', path: '/metadata/labels/app~1copy', value: 'web' },
  ]);
  assert.deepEqual(out.data, { a: 'one', c: '3', moved: '2' });
  assert.deepEqual(out.list, [0, 2, 3, 4]);
  assert.equal(out.metadata.labels?.['app/copy'], 'web');
});

test('json patch: an add replaces an existing member; test on an absent member equals null', () => {
  const out = json(configMap(), [
    { op: 'add', path: '/data/a', value: 'z' },
    { op: 'test', path: '/data/absent', value: null },
  ]);
  assert.equal((out.data as Record<string, string>).a, 'z');
});

const failures: [string, unknown[], RegExp][] = [
  ['failed test', [{ op: 'test', path: '/data/a', value: '2' }], /^testing value \/data\/a failed/],
  ['test of absent member', [{ op: 'test', path: '/data/zz', value: 'x' }], /testing value/],
  [
    'add under a missing parent',
    [{ op: 'add', path: '/nope/x', value: 1 }],
    /add operation does not apply: doc is missing path: "\/nope\/x"/,
  ],
  [
    'remove of a missing key',
    [{ op: 'remove', path: '/data/zz' }],
    /Unable to remove nonexistent key: zz/,
  ],
  [
    'replace of a missing key',
    [{ op: 'replace', path: '/data/zz', value: 1 }],
    /replace operation does not apply: doc is missing key: \/data\/zz/,
  ],
  [
    'index past the end',
    [{ op: 'add', path: '/list/9', value: 1 }],
    /Unable to access invalid index: 9/,
  ],
  [
    'non-numeric index',
    [{ op: 'remove', path: '/list/x' }],
    /value was not a proper array index: 'x'/,
  ],
  [
    'move from a missing path',
    [{ op: 'move', from: '/data/zz', path: '/data/y' }],
    /move operation does not apply: doc is missing from path: \/data\/zz/,
  ],
  [
    'copy from a missing path',
    [{ op: 'copy', from: '/nope/a', path: '/data/y' }],
    /copy operation does not apply/,
  ],
  ['unknown op', [{ op: 'frobnicate', path: '/data' }], /Unexpected kind: frobnicate/],
  ['add without value', [{ op: 'add', path: '/data/q' }], /missing value field/],
  ['pointer without slash', [{ op: 'remove', path: 'data' }], /doc is missing path/],
];

for (const [name, ops, detail] of failures) {
  test(`json patch that does not apply (${name}) is the server's 422 Invalid`, () => {
    const target = configMap();
    const before = JSON.stringify(target);
    rejects(() => json(target, ops), 'Invalid', NOT_APPLIED, detail);
    assert.equal(JSON.stringify(target), before, 'a failed patch leaves the target alone');
  });
}

test('json patch: a body that is not a list of operations is a BadRequest', () => {
  rejects(
    () => json(configMap(), { op: 'add' }),
    'BadRequest',
    'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  );
  rejects(
    () => json(configMap(), ['x']),
    'BadRequest',
    /cannot unmarshal string into Go value of type jsonpatch.Operation/,
  );
  const err = (() => {
    try {
      json(configMap(), [{ op: 'test', path: '/data/a', value: 'no' }]);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof PatchError);
  assert.equal(err.status, 422);
});
