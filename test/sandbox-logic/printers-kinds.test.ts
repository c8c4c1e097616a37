import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toTable } from '../../src/sandbox/printers/index.js';
import { DAY, NOW, ago, obj, table } from './table-fixtures.js';

test('services: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE, wide SELECTOR', () => {
  const svc = (spec: object, status: object = {}) => obj('v1', 'Service', { spec, status });
  const t = table('Service', '', [
    svc({
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
      selector: { app: 'web' },
    }),
    svc({ type: 'NodePort', clusterIP: '10.96.1.1', ports: [{ port: 80, nodePort: 30080 }] }),
    svc({
      type: 'LoadBalancer',
      clusterIP: '10.96.1.2',
      ports: [{ port: 443, protocol: 'TCP', nodePort: 31443 }],
    }),
    svc(
      { type: 'LoadBalancer', clusterIP: '10.96.1.3', ports: [] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }] } },
    ),
    svc({ type: 'ExternalName', externalName: 'db.example.com' }),
    svc({ clusterIP: 'None', externalIPs: ['198.51.100.1'], ports: [{ port: 8080 }] }),
  ]);
  assert.deepEqual(t.headers, [
    'NAME',
    'TYPE',
    'CLUSTER-IP',
    'EXTERNAL-IP',
    'PORT(S)',
    'AGE',
    '(SELECTOR)',
  ]);
  assert.deepEqual(
    t.rows.map((r) => r.slice(1, 5).concat(r.slice(6))),
    [
      ['ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', 'app=web'],
      ['NodePort', '10.96.1.1', '<none>', '80:30080/TCP', '<none>'],
      ['LoadBalancer', '10.96.1.2', '<pending>', '443:31443/TCP', '<none>'],
      ['LoadBalancer', '10.96.1.3', '203.0.113.9,lb.example.com', '<none>', '<none>'],
      ['ExternalName', '<none>', 'db.example.com', '<none>', '<none>'],
      ['ClusterIP', 'None', '198.51.100.1', '8080/TCP', '<none>'],
    ],
  );
});

test('namespaces: STATUS AGE', () => {
  const t = table('Namespace', '', [
    obj(
      'v1',
      'Namespace',
      { status: { phase: 'Active' } },
      { name: 'payments', namespace: undefined, creationTimestamp: ago(10 * DAY) },
    ),
  ]);
  assert.deepEqual(t.headers, ['NAME', 'STATUS', 'AGE']);
  assert.deepEqual(t.rows[0], ['payments', 'Active', '10d']);
});

test('nodes: STATUS from Ready and cordoning, ROLES from labels, VERSION, wide node info', () => {
  const node = (labels: object, spec: object, status: object) =>
    obj('v1', 'Node', { spec, status }, { name: 'n', labels });
  const t = table('Node', '', [
    node(
      { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' },
      {},
      {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.3',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0',
          containerRuntimeVersion: 'containerd://1.7.24',
        },
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: 'n' },
        ],
      },
    ),
    node(
      { 'kubernetes.io/role': 'worker' },
      { unschedulable: true },
      { conditions: [{ type: 'Ready', status: 'Unknown' }] },
    ),
    node({}, {}, {}),
  ]);
  assert.deepEqual(t.headers, [
    'NAME',
    'STATUS',
    'ROLES',
    'AGE',
    'VERSION',
    '(INTERNAL-IP)',
    '(EXTERNAL-IP)',
    '(OS-IMAGE)',
    '(KERNEL-VERSION)',
    '(CONTAINER-RUNTIME)',
  ]);
  assert.deepEqual(t.rows[0], [
    'n',
    'Ready',
    'control-plane,master',
    '3d',
    'v1.32.3',
    '172.18.0.2',
    '<none>',
    'Debian GNU/Linux 12 (bookworm)',
    '6.1.0',
    'containerd://1.7.24',
  ]);
  assert.deepEqual(t.rows[1]?.slice(1, 3), ['NotReady,SchedulingDisabled', 'worker']);
  assert.deepEqual(t.rows[2]?.slice(1), [
    'Unknown',
    '<none>',
    '3d',
    '',
    '<none>',
    '<none>',
    '<unknown>',
    '<unknown>',
    '<unknown>',
  ]);
});

test('configmaps, secrets and service accounts count their entries', () => {
  const cm = table('ConfigMap', '', [
    obj('v1', 'ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
  ]);
  assert.deepEqual(cm.headers, ['NAME', 'DATA', 'AGE']);
  assert.deepEqual(cm.rows[0], ['x', 3, '3d']);
  const secret = table('Secret', '', [
    obj('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }),
  ]);
  assert.deepEqual(secret.headers, ['NAME', 'TYPE', 'DATA', 'AGE']);
  assert.deepEqual(secret.rows[0], ['x', 'kubernetes.io/tls', 2, '3d']);
  const sa = table('ServiceAccount', '', [
    obj('v1', 'ServiceAccount', {}),
    obj('v1', 'ServiceAccount', { secrets: [{ name: 't' }] }),
  ]);
  assert.deepEqual(sa.headers, ['NAME', 'SECRETS', 'AGE']);
  assert.deepEqual(
    sa.rows.map((r) => r[1]),
    [0, 1],
  );
});

test('events: LAST SEEN TYPE REASON OBJECT MESSAGE and the wide columns', () => {
  const t = table('Event', '', [
    obj(
      'v1',
      'Event',
      {
        type: 'Warning',
        reason: 'BackOff',
        message: '  Back-off restarting failed container  \n',
        involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
        source: { component: 'kubelet', host: 'node-a' },
        firstTimestamp: ago(600),
        lastTimestamp: ago(30),
        count: 7,
      },
      { name: 'web-1.17a' },
    ),
    obj(
      'v1',
      'Event',
      {
        type: 'Normal',
        reason: 'Scheduled',
        involvedObject: { kind: 'Node' },
        reportingComponent: 'default-scheduler',
        eventTime: ago(45),
      },
      { name: 'e2' },
    ),
    obj(
      'v1',
      'Event',
      {
        type: 'Normal',
        reason: 'Pulled',
        involvedObject: { kind: 'Pod', name: 'p' },
        eventTime: ago(3600),
        series: { count: 4, lastObservedTime: ago(15) },
      },
      { name: 'e3' },
    ),
  ]);
  assert.deepEqual(t.headers, [
    'LAST SEEN',
    'TYPE',
    'REASON',
    'OBJECT',
    '(SUBOBJECT)',
    '(SOURCE)',
    'MESSAGE',
    '(FIRST SEEN)',
    '(COUNT)',
    '(NAME)',
  ]);
  assert.deepEqual(t.rows[0], [
    '30s',
    'Warning',
    'BackOff',
    'pod/web-1',
    'spec.containers{app}',
    'kubelet, node-a',
    'Back-off restarting failed container',
    '10m',
    7,
    'web-1.17a',
  ]);
  assert.deepEqual(t.rows[1], [
    '45s',
    'Normal',
    'Scheduled',
    'node',
    '',
    'default-scheduler',
    '',
    '45s',
    1,
    'e2',
  ]);
  assert.deepEqual([t.rows[2]?.[0], t.rows[2]?.[7], t.rows[2]?.[8]], ['15s', '60m', 4]);
});

test('role bindings: ROLE and the wide USERS GROUPS SERVICEACCOUNTS; roles get NAME / CREATED AT', () => {
  const rb = obj(
    'rbac.authorization.k8s.io/v1',
    'RoleBinding',
    {
      roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'payments' },
      ],
    },
    { name: 'viewers' },
  );
  const t = table('RoleBinding', 'rbac.authorization.k8s.io', [rb]);
  assert.deepEqual(t.headers, ['NAME', 'ROLE', 'AGE', '(USERS)', '(GROUPS)', '(SERVICEACCOUNTS)']);
  assert.deepEqual(t.rows[0], [
    'viewers',
    'ClusterRole/view',
    '3d',
    'alice, bob',
    'devs',
    'payments/ci',
  ]);
  assert.deepEqual(
    table('ClusterRoleBinding', 'rbac.authorization.k8s.io', [rb]).rows[0]?.[1],
    'ClusterRole/view',
  );

  const role = obj(
    'rbac.authorization.k8s.io/v1',
    'Role',
    { rules: [] },
    { name: 'reader', creationTimestamp: '2026-02-26T12:00:00.000Z' },
  );
  const roles = table('Role', 'rbac.authorization.k8s.io', [
    role,
    obj('rbac.authorization.k8s.io/v1', 'ClusterRole', {}, { creationTimestamp: undefined }),
  ]);
  assert.deepEqual(roles.headers, ['NAME', 'CREATED AT']);
  assert.deepEqual(roles.rows, [
    ['reader', '2026-02-26T12:00:00Z'],
    ['x', '0001-01-01T00:00:00Z'],
  ]);
});

test('a custom resource without printer columns gets NAME and AGE', () => {
  const t = table('Widget', 'example.com', [obj('example.com/v1', 'Widget', {}, { name: 'w' })]);
  assert.deepEqual(t.headers, ['NAME', 'AGE']);
  assert.deepEqual(t.rows[0], ['w', '3d']);
});

test('the Table envelope: kind, metadata from the list, includeObject None/Metadata/Object', () => {
  const cm = obj('v1', 'ConfigMap', { data: { a: '1' } }, { name: 'cfg' });
  const none = toTable('ConfigMap', '', [cm], {
    includeObject: 'None',
    now: NOW,
    listMeta: { resourceVersion: '77', continue: 'tok' },
  });
  assert.equal(none.kind, 'Table');
  assert.equal(none.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(none.metadata, { resourceVersion: '77', continue: 'tok' });
  assert.equal(Object.prototype.hasOwnProperty.call((none.rows as object[])[0], 'object'), false);

  const meta = toTable('ConfigMap', '', [cm], { includeObject: 'Metadata', now: NOW });
  assert.deepEqual(
    meta.metadata,
    { resourceVersion: '42' },
    'a single object brings its own resourceVersion',
  );
  assert.deepEqual((meta.rows as { object: unknown }[])[0]?.object, {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: cm.metadata,
  });

  const full = toTable('ConfigMap', '', [cm, cm], { includeObject: 'Object', now: NOW });
  assert.deepEqual(full.metadata, {}, 'a list without list metadata has none');
  assert.deepEqual((full.rows as { object: unknown }[])[1]?.object, cm);

  const empty = toTable('Pod', '', [], {
    includeObject: 'None',
    now: NOW,
    listMeta: { resourceVersion: '5' },
  });
  assert.deepEqual(empty.rows, []);
  assert.equal((empty.columnDefinitions as unknown[]).length, 9);
});
