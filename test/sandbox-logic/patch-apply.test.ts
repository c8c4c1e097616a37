import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch, PatchError, recordUpdate } from '../../src/sandbox/patch/index.js';
import type { KubeObject } from '../../src/sandbox/types.js';

const NOW = new Date('2026-01-02T03:04:05.678Z');
const APPLY = 'application/apply-patch+yaml';

function fresh(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
  };
}

function config(
  image: string,
  labels: Record<string, string>,
  replicas = 2,
): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image }] },
      },
    },
  };
}

const apply = (
  live: KubeObject,
  body: unknown,
  fieldManager: string | undefined,
  force = false,
): KubeObject =>
  applyPatch(live, body, APPLY, {
    kind: 'Deployment',
    ...(fieldManager !== undefined ? { fieldManager } : {}),
    force,
    now: NOW,
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const spec = (o: KubeObject): any => o.spec;

test('apply on a new object sets the fields and records the manager in managedFields', () => {
  const out = apply(fresh(), config('nginx:1', { app: 'web' }), 'kubectl');
  assert.equal(spec(out).template.spec.containers[0].image, 'nginx:1');
  assert.deepEqual(out.metadata.managedFields, [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: '2026-01-02T03:04:05Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} },
              },
            },
          },
        },
      },
    },
  ]);
  assert.equal(out.metadata.name, 'web');
});

test('a YAML text body is accepted; the live object is never mutated', () => {
  const live = fresh();
  const before = JSON.stringify(live);
  const out = apply(
    live,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\n',
    'kubectl',
  );
  assert.deepEqual(out.metadata.labels, { app: 'web' });
  assert.equal(JSON.stringify(live), before);
});

test('re-applying without a field removes it when no one else owns it', () => {
  const first = apply(fresh(), config('nginx:1', { app: 'web', tier: 'fe' }), 'kubectl');
  const second = apply(first, config('nginx:2', { app: 'web' }), 'kubectl');
  assert.deepEqual(second.metadata.labels, { app: 'web' });
  assert.equal(spec(second).template.spec.containers[0].image, 'nginx:2');
  assert.equal(second.metadata.managedFields?.length, 1);
});

test("changing another manager's field is a Conflict naming the manager and the field", () => {
  const mine = apply(fresh(), config('nginx:1', { app: 'web' }), 'kubectl');
  assert.throws(
    () => apply(mine, config('nginx:9', { app: 'web' }, 5), 'ci-bot'),
    (err: unknown) => {
      assert.ok(err instanceof PatchError);
      assert.equal(err.reason, 'Conflict');
      assert.equal(err.status, 409);
      assert.equal(
        err.message,
        'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
      );
      assert.deepEqual(err.causes, [
        {
          type: 'FieldManagerConflict',
          message: 'conflict with "kubectl"',
          field: '.spec.replicas',
        },
        {
          type: 'FieldManagerConflict',
          message: 'conflict with "kubectl"',
          field: '.spec.template.spec.containers[name="web"].image',
        },
      ]);
      return true;
    },
  );
});

test('applying the same values as another manager shares ownership without conflict', () => {
  const mine = apply(fresh(), config('nginx:1', { app: 'web' }), 'kubectl');
  const shared = apply(mine, config('nginx:1', { app: 'web' }), 'ci-bot');
  assert.deepEqual(
    shared.metadata.managedFields?.map((e) => (e as { manager: string }).manager),
    ['kubectl', 'ci-bot'],
  );
  // kubectl stops applying the label; ci-bot still owns it, so it stays.
  const dropped = config('nginx:1', {});
  delete (dropped.metadata as Record<string, unknown>).labels;
  const after = apply(shared, dropped, 'kubectl');
  assert.deepEqual(after.metadata.labels, { app: 'web' });
});

test('force takes the field over; the previous owner loses it', () => {
  const mine = apply(fresh(), config('nginx:1', { app: 'web' }), 'kubectl');
  const forced = apply(
    mine,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 7 } },
    'hpa',
    true,
  );
  assert.equal(spec(forced).replicas, 7);
  const owners = forced.metadata.managedFields as {
    manager: string;
    fieldsV1: { 'f:spec'?: Record<string, unknown> };
  }[];
  const kubectl = owners.find((e) => e.manager === 'kubectl');
  assert.ok(kubectl);
  assert.equal(kubectl.fieldsV1['f:spec']?.['f:replicas'], undefined);
  assert.deepEqual(owners.find((e) => e.manager === 'hpa')?.fieldsV1, {
    'f:spec': { 'f:replicas': {} },
  });
});

test('an object no manager has claimed belongs to before-first-apply, which conflicts', () => {
  const live: KubeObject = { ...fresh(), spec: { replicas: 1 } };
  assert.throws(
    () =>
      apply(
        live,
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: { replicas: 3 },
        },
        'kubectl',
      ),
    (err: unknown) =>
      err instanceof PatchError &&
      err.message ===
        'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1 at 2026-01-02T03:04:05Z: .spec.replicas',
  );
});

test('after a client-side write recorded as Update, apply conflicts with that manager', () => {
  const applied = apply(fresh(), config('nginx:1', { app: 'web' }), 'kubectl');
  const edited = applyPatch(
    applied,
    { spec: { replicas: 4 } },
    'application/strategic-merge-patch+json',
    {
      kind: 'Deployment',
      fieldManager: 'kubectl-edit',
      now: NOW,
    },
  );
  const entries = edited.metadata.managedFields as { manager: string; operation: string }[];
  assert.deepEqual(
    entries.map((e) => `${e.manager}/${e.operation}`),
    ['kubectl/Apply', 'kubectl-edit/Update'],
  );
  assert.throws(
    () => apply(edited, config('nginx:1', { app: 'web' }, 2), 'kubectl'),
    (err: unknown) =>
      err instanceof PatchError &&
      err.message ===
        'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1 at 2026-01-02T03:04:05Z: .spec.replicas',
  );
});

test('apply without a field manager is Invalid; a body that is not an object is a BadRequest', () => {
  assert.throws(
    () => apply(fresh(), config('x', {}), undefined),
    (err: unknown) =>
      err instanceof PatchError &&
      err.reason === 'Invalid' &&
      err.message ===
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
  );
  assert.throws(
    () => apply(fresh(), '- a\n- b\n', 'kubectl'),
    (err: unknown) => err instanceof PatchError && err.reason === 'BadRequest',
  );
  assert.throws(() => apply(fresh(), 'a: [', 'kubectl'), /error decoding YAML/);
});

test('recordUpdate on create gives the creator every field it set', () => {
  const created = recordUpdate(
    undefined,
    { ...fresh(), metadata: { name: 'web', labels: { a: 'b' } }, spec: { replicas: 1 } },
    {
      fieldManager: 'kubectl-create',
      now: NOW,
    },
  );
  assert.deepEqual(created.metadata.managedFields, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2026-01-02T03:04:05Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:a': {} } }, 'f:spec': { 'f:replicas': {} } },
    },
  ]);
});

test('apply refuses managedFields in the applied configuration, as the server does', () => {
  const body = config('nginx:1', { app: 'web' });
  (body.metadata as Record<string, unknown>).managedFields = [];
  assert.throws(
    () => apply(fresh(), body, 'kubectl'),
    (err: unknown) =>
      err instanceof PatchError &&
      err.reason === 'BadRequest' &&
      err.message === 'metadata.managedFields must be nil',
  );
});

test('managedFields sent with an ordinary write win; one empty entry resets them', () => {
  const applied = apply(fresh(), config('nginx:1', { app: 'web' }), 'kubectl');
  // What `kubectl apply --server-side` sends to migrate ownership: a JSON patch of managedFields.
  const migrated = applyPatch(
    applied,
    [
      {
        op: 'replace',
        path: '/metadata/managedFields',
        value: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            apiVersion: 'apps/v1',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          },
        ],
      },
    ],
    'application/json-patch+json',
    { kind: 'Deployment', fieldManager: 'kubectl', now: NOW },
  );
  assert.deepEqual(
    (migrated.metadata.managedFields as { fieldsV1: unknown }[]).map((e) => e.fieldsV1),
    [{ 'f:spec': { 'f:replicas': {} } }],
  );
  const reset = applyPatch(
    applied,
    { metadata: { managedFields: [{}] } },
    'application/merge-patch+json',
    { kind: 'Deployment', fieldManager: 'kubectl-patch', now: NOW },
  );
  assert.equal(reset.metadata.managedFields, undefined);
});

test('a write through the scale subresource is owned as such and conflicts with apply', () => {
  const applied = apply(fresh(), config('nginx:1', { app: 'web' }), 'kubectl');
  const scaled = recordUpdate(
    applied,
    { ...applied, spec: { ...(applied.spec as object), replicas: 9 } },
    { fieldManager: 'kubectl-scale', subresource: 'scale', now: NOW },
  );
  const entry = (scaled.metadata.managedFields as Record<string, unknown>[]).find(
    (e) => e.manager === 'kubectl-scale',
  );
  assert.equal(entry?.subresource, 'scale');
  assert.throws(
    () => apply(scaled, config('nginx:1', { app: 'web' }, 2), 'kubectl'),
    (err: unknown) =>
      err instanceof PatchError &&
      err.message ===
        'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1 at 2026-01-02T03:04:05Z: .spec.replicas',
  );
});

test('apply has no directives: a $ key is an undeclared field; metadata must be a map', () => {
  assert.throws(
    () =>
      apply(
        fresh(),
        { apiVersion: 'apps/v1', kind: 'Deployment', spec: { $patch: 'replace', replicas: 1 } },
        'kubectl',
      ),
    (err: unknown) =>
      err instanceof PatchError &&
      err.reason === 'BadRequest' &&
      err.message ===
        'failed to create typed patch object (apps/v1, Kind=Deployment): .spec.$patch: field not declared in schema',
  );
  assert.throws(
    () => apply(fresh(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: 'web' }, 'kubectl'),
    (err: unknown) =>
      err instanceof PatchError &&
      err.message ===
        '.metadata accessor error: web is of the type string, expected map[string]interface{}',
  );
});
