import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ago, obj, table } from './table-fixtures.js';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.27' },
      { name: 'log', image: 'busybox' },
    ],
  },
};

test('deployments: READY ready/desired, UP-TO-DATE, AVAILABLE, AGE, wide CONTAINERS IMAGES SELECTOR', () => {
  const d = obj(
    'apps/v1',
    'Deployment',
    {
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }],
        },
        template,
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    },
    { name: 'web' },
  );
  const t = table('Deployment', 'apps', [d]);
  assert.deepEqual(t.headers, [
    'NAME',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    'AGE',
    '(CONTAINERS)',
    '(IMAGES)',
    '(SELECTOR)',
  ]);
  assert.deepEqual(t.rows[0], [
    'web',
    '2/3',
    3,
    2,
    '3d',
    'web,log',
    'nginx:1.27,busybox',
    'app=web,tier in (be,fe)',
  ]);
  // No status yet and no replicas: the server's default of one replica.
  const fresh = obj('apps/v1', 'Deployment', { spec: { template } });
  assert.deepEqual(table('Deployment', 'apps', [fresh]).rows[0]?.slice(1, 4), ['0/1', 0, 0]);
});

test('replicasets: DESIRED CURRENT READY as integers, SELECTOR <none> when missing', () => {
  const rs = obj(
    'apps/v1',
    'ReplicaSet',
    {
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } },
        template,
      },
      status: { replicas: 2, readyReplicas: 1 },
    },
    { name: 'web-abc' },
  );
  const t = table('ReplicaSet', 'apps', [
    rs,
    obj('apps/v1', 'ReplicaSet', { spec: { replicas: 0 } }),
  ]);
  assert.deepEqual(t.headers, [
    'NAME',
    'DESIRED',
    'CURRENT',
    'READY',
    'AGE',
    '(CONTAINERS)',
    '(IMAGES)',
    '(SELECTOR)',
  ]);
  assert.deepEqual(t.rows[0], [
    'web-abc',
    2,
    2,
    1,
    '3d',
    'web,log',
    'nginx:1.27,busybox',
    'app=web,pod-template-hash=abc',
  ]);
  assert.deepEqual(t.rows[1]?.slice(1), [0, 0, 0, '3d', '', '', '<none>']);
});

test('jobs: STATUS from conditions, COMPLETIONS, DURATION', () => {
  const job = (spec: object, status: object, meta: Record<string, unknown> = {}) =>
    obj('batch/v1', 'Job', { spec: { template, ...spec }, status }, meta);
  const t = table('Job', 'batch', [
    job(
      { completions: 1 },
      {
        succeeded: 1,
        startTime: ago(300),
        completionTime: ago(240),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    ),
    job({ parallelism: 3 }, { active: 3, startTime: ago(125) }),
    job({}, { failed: 1, conditions: [{ type: 'Failed', status: 'True' }] }),
    job({}, { conditions: [{ type: 'Suspended', status: 'True' }] }),
    job({}, {}, { deletionTimestamp: ago(1) }),
    job({}, { conditions: [{ type: 'Complete', status: 'False' }] }),
    // The first condition of a type decides, as hasJobCondition does.
    job(
      {},
      {
        conditions: [
          { type: 'Failed', status: 'False' },
          { type: 'Failed', status: 'True' },
        ],
      },
    ),
    job({}, { conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }] }),
  ]);
  assert.deepEqual(t.headers, [
    'NAME',
    'STATUS',
    'COMPLETIONS',
    'DURATION',
    'AGE',
    '(CONTAINERS)',
    '(IMAGES)',
    '(SELECTOR)',
  ]);
  assert.deepEqual(
    t.rows.map((r) => r.slice(1, 4)),
    [
      ['Complete', '1/1', '60s'],
      ['Running', '0/1 of 3', '2m5s'],
      ['Failed', '0/1', ''],
      ['Suspended', '0/1', ''],
      ['Terminating', '0/1', ''],
      ['Running', '0/1', ''],
      ['Running', '0/1', ''],
      ['Running', '0/1', ''],
    ],
  );
});
