import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toTable } from '../../src/sandbox/printers/index.js';
import type { KubeObject } from '../../src/sandbox/types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString();

function obj(
  apiVersion: string,
  kind: string,
  body: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'x', creationTimestamp: ago(7200), ...meta },
    ...body,
  };
}

function table(kind: string, group: string, objects: KubeObject[]) {
  const t = toTable(kind, group, objects, { includeObject: 'None', now: NOW });
  return {
    headers: (t.columnDefinitions as { name: string; priority: number }[]).map((c) =>
      c.priority === 0 ? c.name.toUpperCase() : `(${c.name.toUpperCase()})`,
    ),
    rows: (t.rows as { cells: unknown[] }[]).map((r) => r.cells),
  };
}

const template = {
  spec: { containers: [{ name: 'c', image: 'img:1' }], nodeSelector: { disk: 'ssd' } },
};

test('statefulsets and daemonsets', () => {
  const sts = table('StatefulSet', 'apps', [
    obj('apps/v1', 'StatefulSet', {
      spec: { replicas: 3, template },
      status: { readyReplicas: 2 },
    }),
  ]);
  assert.deepEqual(sts.headers, ['NAME', 'READY', 'AGE', '(CONTAINERS)', '(IMAGES)']);
  assert.deepEqual(sts.rows[0], ['x', '2/3', '120m', 'c', 'img:1']);
  const ds = table('DaemonSet', 'apps', [
    obj('apps/v1', 'DaemonSet', {
      spec: { selector: { matchLabels: { app: 'agent' } }, template },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    }),
  ]);
  assert.deepEqual(ds.headers, [
    'NAME',
    'DESIRED',
    'CURRENT',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    'NODE SELECTOR',
    'AGE',
    '(CONTAINERS)',
    '(IMAGES)',
    '(SELECTOR)',
  ]);
  assert.deepEqual(ds.rows[0], ['x', 3, 3, 2, 3, 2, 'disk=ssd', '120m', 'c', 'img:1', 'app=agent']);
});

test('cronjobs: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE', () => {
  const t = table('CronJob', 'batch', [
    obj('batch/v1', 'CronJob', {
      spec: {
        schedule: '*/5 * * * *',
        timeZone: 'Etc/UTC',
        suspend: true,
        jobTemplate: { spec: { template } },
      },
      status: { active: [{ name: 'j1' }], lastScheduleTime: ago(300) },
    }),
    obj('batch/v1', 'CronJob', {
      spec: { schedule: '@daily', jobTemplate: { spec: { template } } },
    }),
  ]);
  assert.deepEqual(t.headers, [
    'NAME',
    'SCHEDULE',
    'TIMEZONE',
    'SUSPEND',
    'ACTIVE',
    'LAST SCHEDULE',
    'AGE',
    '(CONTAINERS)',
    '(IMAGES)',
    '(SELECTOR)',
  ]);
  assert.deepEqual(t.rows[0]?.slice(1, 7), ['*/5 * * * *', 'Etc/UTC', 'True', 1, '5m', '120m']);
  assert.deepEqual(t.rows[1]?.slice(1, 6), ['@daily', '<none>', 'False', 0, '<none>']);
});

test('controller revisions name their controller as kind.group/name', () => {
  const t = table('ControllerRevision', 'apps', [
    obj(
      'apps/v1',
      'ControllerRevision',
      { revision: 4 },
      {
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true },
        ],
      },
    ),
    obj('apps/v1', 'ControllerRevision', { revision: 1 }),
  ]);
  assert.deepEqual(t.headers, ['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
  assert.deepEqual(t.rows, [
    ['x', 'daemonset.apps/agent', 4, '120m'],
    ['x', '<none>', 1, '120m'],
  ]);
});

test('horizontal pod autoscalers: the v1 CPU shorthand and v2 metrics in TARGETS', () => {
  const t = table('HorizontalPodAutoscaler', 'autoscaling', [
    obj('autoscaling/v1', 'HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        targetCPUUtilizationPercentage: 50,
      },
      status: { currentReplicas: 3, currentCPUUtilizationPercentage: 12 },
    }),
    obj('autoscaling/v1', 'HorizontalPodAutoscaler', {
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' }, maxReplicas: 4 },
    }),
    obj('autoscaling/v2', 'HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'q' },
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
          },
          {
            type: 'Pods',
            pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } },
          },
          {
            type: 'External',
            external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } },
          },
        ],
      },
      status: {
        currentReplicas: 1,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '200Mi' } } },
        ],
      },
    }),
  ]);
  assert.deepEqual(t.headers, [
    'NAME',
    'REFERENCE',
    'TARGETS',
    'MINPODS',
    'MAXPODS',
    'REPLICAS',
    'AGE',
  ]);
  assert.deepEqual(t.rows[0], ['x', 'Deployment/web', 'cpu: 12%/50%', '2', 10, 3, '120m']);
  assert.deepEqual(t.rows[1]?.slice(1, 6), ['Deployment/api', 'cpu: <unknown>/80%', '1', 4, 0]);
  assert.equal(t.rows[2]?.[2], 'memory: 200Mi/500Mi, <unknown>/10 + 1 more...');
});

test('ingresses, ingress classes, network policies', () => {
  const ing = table('Ingress', 'networking.k8s.io', [
    obj('networking.k8s.io/v1', 'Ingress', {
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }],
        tls: [{ hosts: ['a.example.com'] }],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.5' }] } },
    }),
    obj('networking.k8s.io/v1', 'Ingress', {
      spec: { rules: [{}, { host: '1' }, { host: '2' }, { host: '3' }, { host: '4' }] },
    }),
  ]);
  assert.deepEqual(ing.headers, ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
  assert.deepEqual(ing.rows[0], [
    'x',
    'nginx',
    'a.example.com,b.example.com',
    '203.0.113.5',
    '80, 443',
    '120m',
  ]);
  assert.deepEqual(ing.rows[1]?.slice(1, 5), ['<none>', '1,2,3 + 2 more...', '', '80']);
  const ic = table('IngressClass', 'networking.k8s.io', [
    obj('networking.k8s.io/v1', 'IngressClass', {
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' },
      },
    }),
  ]);
  assert.deepEqual(ic.rows[0], [
    'x',
    'k8s.io/ingress-nginx',
    'IngressParameters.k8s.example.com/p',
    '120m',
  ]);
  const np = table('NetworkPolicy', 'networking.k8s.io', [
    obj('networking.k8s.io/v1', 'NetworkPolicy', {
      spec: { podSelector: { matchLabels: { role: 'db' } } },
    }),
    obj('networking.k8s.io/v1', 'NetworkPolicy', { spec: { podSelector: {} } }),
  ]);
  assert.deepEqual(np.headers, ['NAME', 'POD-SELECTOR', 'AGE']);
  assert.deepEqual(
    np.rows.map((r) => r[1]),
    ['role=db', '<none>'],
  );
});

test('endpoints: up to three ip:port pairs, then a count', () => {
  const t = table('Endpoints', '', [
    obj('v1', 'Endpoints', {
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [{ port: 80 }, { port: 443 }],
        },
        { addresses: [{ ip: 'fd00::1' }] },
      ],
    }),
    obj('v1', 'Endpoints', {}),
  ]);
  assert.deepEqual(t.headers, ['NAME', 'ENDPOINTS', 'AGE']);
  assert.deepEqual(
    t.rows.map((r) => r[1]),
    ['10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...', '<none>'],
  );
});

test('persistent volumes and claims, with VOLUMEATTRIBUTESCLASS', () => {
  const pv = table('PersistentVolume', '', [
    obj('v1', 'PersistentVolume', {
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'payments', name: 'data' },
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    }),
  ]);
  assert.deepEqual(pv.headers, [
    'NAME',
    'CAPACITY',
    'ACCESS MODES',
    'RECLAIM POLICY',
    'STATUS',
    'CLAIM',
    'STORAGECLASS',
    'VOLUMEATTRIBUTESCLASS',
    'REASON',
    'AGE',
    '(VOLUMEMODE)',
  ]);
  assert.deepEqual(pv.rows[0], [
    'x',
    '10Gi',
    'RWO,RWX',
    'Retain',
    'Bound',
    'payments/data',
    'standard',
    '<unset>',
    '',
    '120m',
    'Filesystem',
  ]);
  const pvc = table('PersistentVolumeClaim', '', [
    obj('v1', 'PersistentVolumeClaim', {
      spec: { volumeName: 'pv-1', storageClassName: 'standard' },
      status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
    }),
    obj(
      'v1',
      'PersistentVolumeClaim',
      { spec: { storageClassName: 'fast' }, status: { phase: 'Pending' } },
      {
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
        deletionTimestamp: ago(1),
      },
    ),
  ]);
  assert.deepEqual(pvc.headers, [
    'NAME',
    'STATUS',
    'VOLUME',
    'CAPACITY',
    'ACCESS MODES',
    'STORAGECLASS',
    'VOLUMEATTRIBUTESCLASS',
    'AGE',
    '(VOLUMEMODE)',
  ]);
  assert.deepEqual(pvc.rows[0], [
    'x',
    'Bound',
    'pv-1',
    '1Gi',
    'RWO',
    'standard',
    '<unset>',
    '120m',
    '<unset>',
  ]);
  assert.deepEqual(pvc.rows[1]?.slice(1, 6), ['Terminating', '', '', '', 'legacy']);
});
