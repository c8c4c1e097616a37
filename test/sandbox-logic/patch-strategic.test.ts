import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch, PatchError } from '../../src/sandbox/patch/index.js';
import type { KubeObject } from '../../src/sandbox/types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'payments',
      labels: { app: 'web', tier: 'frontend' },
      finalizers: ['a', 'b'],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          imagePullSecrets: [{ name: 'regcred' }],
          tolerations: [{ key: 'x', operator: 'Exists' }],
        },
      },
    },
    status: { conditions: [{ type: 'Available', status: 'True' }] },
  };
}

const smp = (target: KubeObject, patch: unknown): KubeObject =>
  applyPatch(target, patch, 'application/strategic-merge-patch+json', { kind: target.kind });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const podSpec = (d: KubeObject): any => (d.spec as any).template.spec;

test('containers merge by name; ports, env and volumeMounts merge by their keys', () => {
  const target = deployment();
  const before = JSON.stringify(target);
  const out = smp(target, {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.26',
              ports: [{ containerPort: 443 }],
              env: [
                { name: 'B', value: 'two' },
                { name: 'C', value: '3' },
              ],
              volumeMounts: [{ mountPath: '/data', readOnly: true, name: 'data' }],
            },
          ],
        },
      },
    },
  });
  const spec = podSpec(out);
  assert.equal(spec.containers.length, 2, 'sidecar kept');
  const web = spec.containers[0];
  assert.equal(web.image, 'nginx:1.26');
  assert.deepEqual(
    web.ports.map((p: { containerPort: number }) => p.containerPort),
    [443, 80],
  );
  assert.deepEqual(web.env, [
    { name: 'A', value: '1' },
    { name: 'B', value: 'two' },
    { name: 'C', value: '3' },
  ]);
  assert.deepEqual(web.volumeMounts, [{ name: 'data', mountPath: '/data', readOnly: true }]);
  assert.equal(JSON.stringify(target), before, 'target untouched');
});

// Like the API server, new keyed elements go before the server's own ones unless
// $setElementOrder says otherwise (mergeSortedSlice puts patch items it cannot place first).
test('volumes and imagePullSecrets merge by name; tolerations (no strategy) are replaced', () => {
  const out = smp(deployment(), {
    spec: {
      template: {
        spec: {
          volumes: [{ name: 'cache', emptyDir: {} }],
          imagePullSecrets: [{ name: 'other' }],
          tolerations: [{ key: 'y', operator: 'Exists' }],
        },
      },
    },
  });
  const spec = podSpec(out);
  assert.deepEqual(
    spec.volumes.map((v: { name: string }) => v.name),
    ['cache', 'data'],
  );
  assert.deepEqual(spec.imagePullSecrets, [{ name: 'other' }, { name: 'regcred' }]);
  assert.deepEqual(spec.tolerations, [{ key: 'y', operator: 'Exists' }]);
});

test('status conditions merge by type', () => {
  const out = smp(deployment(), {
    status: {
      conditions: [
        { type: 'Progressing', status: 'True' },
        { type: 'Available', status: 'False' },
      ],
    },
  });
  assert.deepEqual((out.status as { conditions: unknown }).conditions, [
    { type: 'Progressing', status: 'True' },
    { type: 'Available', status: 'False' },
  ]);
});

test('service ports merge by port', () => {
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: {
      ports: [
        { port: 80, targetPort: 8080 },
        { port: 443, targetPort: 8443 },
      ],
    },
  };
  const out = smp(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } });
  assert.deepEqual((out.spec as { ports: unknown }).ports, [
    { port: 80, targetPort: 9090 },
    { port: 443, targetPort: 8443 },
  ]);
});

test('$patch: delete removes a keyed element; $patch: replace replaces the whole list', () => {
  const deleted = smp(deployment(), {
    spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
  });
  assert.deepEqual(
    podSpec(deleted).containers.map((c: { name: string }) => c.name),
    ['web'],
  );
  const replaced = smp(deployment(), {
    spec: {
      template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } },
    },
  });
  assert.deepEqual(podSpec(replaced).containers, [{ name: 'only', image: 'x' }]);
});

test('$patch: replace in a map replaces it; $patch: delete empties it', () => {
  const replaced = smp(deployment(), {
    spec: { strategy: { $patch: 'replace', type: 'Recreate' } },
  });
  assert.deepEqual((replaced.spec as { strategy: unknown }).strategy, { type: 'Recreate' });
  const emptied = smp(deployment(), { spec: { strategy: { $patch: 'delete' } } });
  assert.deepEqual((emptied.spec as { strategy: unknown }).strategy, {});
});

test('$deleteFromPrimitiveList removes set members; merging a primitive set is a union', () => {
  const out = smp(deployment(), {
    metadata: { finalizers: ['c', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] },
  });
  assert.deepEqual(out.metadata.finalizers, ['c', 'a']);
});

test('$setElementOrder orders the merged list and $retainKeys clears unlisted members', () => {
  const out = smp(deployment(), {
    spec: {
      strategy: { $retainKeys: ['type'], type: 'Recreate' },
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
          containers: [{ name: 'web', image: 'nginx:2' }],
        },
      },
    },
  });
  assert.deepEqual((out.spec as { strategy: unknown }).strategy, { type: 'Recreate' });
  assert.deepEqual(
    podSpec(out).containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`),
    ['sidecar=busybox', 'web=nginx:2'],
  );
});

test("kubectl apply's three-way patch: last-applied annotation, null deletions, element order", () => {
  const target = deployment();
  target.metadata.annotations = { [LAST_APPLIED]: '{"old":true}\n' };
  const newLastApplied = '{"apiVersion":"apps/v1","kind":"Deployment"}\n';
  // What kubectl 1.32 sends after the image changed, a label and an env var were removed.
  const patch = JSON.stringify({
    metadata: {
      annotations: { [LAST_APPLIED]: newLastApplied },
      labels: { tier: null },
    },
    spec: {
      replicas: 3,
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
          containers: [
            {
              '$setElementOrder/env': [{ name: 'A' }],
              env: [{ $patch: 'delete', name: 'B' }],
              image: 'nginx:1.27',
              name: 'web',
            },
          ],
        },
      },
    },
  });
  const out = smp(target, patch);
  assert.equal(out.metadata.annotations?.[LAST_APPLIED], newLastApplied);
  assert.deepEqual(out.metadata.labels, { app: 'web' });
  assert.equal((out.spec as { replicas: number }).replicas, 3);
  const web = podSpec(out).containers[0];
  assert.equal(web.image, 'nginx:1.27');
  assert.deepEqual(web.env, [{ name: 'A', value: '1' }]);
  assert.equal(podSpec(out).containers[1].name, 'sidecar');
});

test('an added element with nulls and directives inside is stored without them', () => {
  const out = smp(deployment(), {
    spec: { template: { spec: { containers: [{ name: 'new', image: 'x', args: null }] } } },
  });
  assert.deepEqual(podSpec(out).containers[0], { name: 'new', image: 'x' });
  assert.equal(podSpec(out).containers.length, 3);
});

test('kinds without keyed lists (ConfigMap, custom kinds) replace lists', () => {
  const cm: KubeObject = {
    apiVersion: 'v1',
    kind: 'Widget',
    metadata: { name: 'w' },
    items: [{ name: 'a' }],
  };
  const out = smp(cm, { items: [{ name: 'b' }] });
  assert.deepEqual(out.items, [{ name: 'b' }]);
});

const errors: [string, unknown, RegExp][] = [
  [
    'a keyed element without its key',
    { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
    /^map: map\[image:x\] does not contain declared merge key: name$/,
  ],
  [
    'a delete directive without the key',
    { spec: { template: { spec: { containers: [{ $patch: 'delete' }] } } } },
    /does not contain declared merge key: name/,
  ],
  [
    'an unknown map directive',
    { spec: { $patch: 'explode' } },
    /^unknown patch type: explode in map: /,
  ],
  ['a bad $retainKeys', { spec: { $retainKeys: 'x' } }, /^invalid patch format of retainKeys$/],
  ['a body that is not an object', [1, 2], /must be a JSON object/],
];

for (const [name, patch, message] of errors) {
  test(`strategic merge patch with ${name} is a BadRequest`, () => {
    assert.throws(
      () => smp(deployment(), patch),
      (err: unknown) =>
        err instanceof PatchError && err.reason === 'BadRequest' && message.test(err.message),
    );
  });
}
