import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyPatch, PatchError, type PatchType } from '../../src/sandbox/patch/index.js';
import type { KubeObject } from '../../src/sandbox/types.js';

function target(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [{ name: 'web', image: 'nginx', env: [{ name: 'A', value: '1' }] }],
          volumes: [{ name: 'v', emptyDir: {} }],
        },
      },
    },
  };
}

const key = fc.constantFrom(
  'metadata',
  'spec',
  'labels',
  'template',
  'containers',
  'env',
  'name',
  'image',
  'volumes',
  'finalizers',
  '$patch',
  '$retainKeys',
  '$setElementOrder/containers',
  '$deleteFromPrimitiveList/finalizers',
  '__proto__',
  'x',
);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom('web', 'delete', 'replace', 'merge', 'x'),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));
const pointer = fc
  .array(
    fc.constantFrom(
      'metadata',
      'spec',
      'labels',
      'app',
      'template',
      'containers',
      '0',
      '1',
      '-',
      'x',
      '~1',
    ),
    { maxLength: 5 },
  )
  .map((parts) => (parts.length === 0 ? '' : `/${parts.join('/')}`));
const op = fc.record(
  {
    op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'nope'),
    path: pointer,
    from: pointer,
    value,
  },
  { requiredKeys: ['op'] },
);

function check(type: PatchType, body: unknown): void {
  const t = target();
  const before = JSON.stringify(t);
  try {
    const out = applyPatch(t, body, type, {
      kind: 'Deployment',
      fieldManager: 'fuzz',
      now: new Date(0),
    });
    assert.equal(typeof out, 'object');
    JSON.stringify(out);
  } catch (err) {
    assert.ok(err instanceof PatchError, `unexpected ${String(err)}`);
  }
  assert.equal(JSON.stringify(t), before, 'target mutated');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
}

test('any merge or strategic merge body yields an object or a PatchError, never a mutation', () => {
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (body) => {
      check('application/merge-patch+json', body);
      check('application/strategic-merge-patch+json', body);
      check('application/apply-patch+yaml', { apiVersion: 'apps/v1', kind: 'Deployment', ...body });
    }),
    { numRuns: 300 },
  );
});

test('any JSON patch yields an object or a PatchError, never a mutation', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 4 }), (ops) => check('application/json-patch+json', ops)),
    { numRuns: 300 },
  );
});
