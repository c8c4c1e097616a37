import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toTable } from '../../src/sandbox/printers/index.js';
import type { KubeObject } from '../../src/sandbox/types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString();

function pod(status: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  const { metadata, spec, ...rest } = extra as { metadata?: object; spec?: object };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: ago(3600), ...metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
    ...rest,
  };
}

const running = (ready = true, restartCount = 0): Record<string, unknown> => ({
  name: 'app',
  ready,
  started: true,
  restartCount,
  state: { running: { startedAt: ago(600) } },
});

function cells(p: KubeObject): unknown[] {
  const table = toTable('Pod', '', [p], { includeObject: 'None', now: NOW });
  return (table.rows as { cells: unknown[] }[])[0]?.cells ?? [];
}

const statusCases: [string, KubeObject, string, string][] = [
  [
    'running and ready',
    pod({ phase: 'Running', containerStatuses: [running()] }),
    '1/1',
    'Running',
  ],
  ['pending, no statuses yet', pod({ phase: 'Pending' }), '0/1', 'Pending'],
  [
    'waiting for the image',
    pod({
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    }),
    '0/1',
    'ContainerCreating',
  ],
  [
    'crash looping',
    pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    }),
    '0/1',
    'CrashLoopBackOff',
  ],
  [
    'completed',
    pod({
      phase: 'Succeeded',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    }),
    '0/1',
    'Completed',
  ],
  [
    'exit code without a reason',
    pod({
      phase: 'Failed',
      containerStatuses: [{ name: 'app', restartCount: 0, state: { terminated: { exitCode: 3 } } }],
    }),
    '0/1',
    'ExitCode:3',
  ],
  [
    'killed by a signal',
    pod({
      phase: 'Failed',
      containerStatuses: [
        { name: 'app', restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } },
      ],
    }),
    '0/1',
    'Signal:9',
  ],
  ['evicted (status.reason)', pod({ phase: 'Failed', reason: 'Evicted' }), '0/1', 'Evicted'],
  [
    'first of two init containers still running',
    pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'init-a', restartCount: 0, state: { running: {} } },
          { name: 'init-b', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
      { spec: { initContainers: [{ name: 'init-a' }, { name: 'init-b' }] } },
    ),
    '0/1',
    'Init:0/2',
  ],
  [
    'init container crash looping',
    pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'init-a', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
      { spec: { initContainers: [{ name: 'init-a' }] } },
    ),
    '0/1',
    'Init:CrashLoopBackOff',
  ],
  [
    'init container failed with a reason',
    pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'init-a',
            restartCount: 0,
            state: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      },
      { spec: { initContainers: [{ name: 'init-a' }] } },
    ),
    '0/1',
    'Init:Error',
  ],
  [
    'init container failed without a reason',
    pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'init-a', restartCount: 0, state: { terminated: { exitCode: 2 } } },
        ],
      },
      { spec: { initContainers: [{ name: 'init-a' }] } },
    ),
    '0/1',
    'Init:ExitCode:2',
  ],
  [
    'a started sidecar counts as a ready container',
    pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 'proxy', ready: true, started: true, restartCount: 0, state: { running: {} } },
        ],
        containerStatuses: [running()],
      },
      { spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] } },
    ),
    '2/2',
    'Running',
  ],
  [
    'being deleted',
    pod(
      { phase: 'Running', containerStatuses: [running()] },
      { metadata: { deletionTimestamp: ago(5) } },
    ),
    '1/1',
    'Terminating',
  ],
  [
    'a finished pod being deleted keeps its final status',
    pod(
      {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'app',
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
      { metadata: { deletionTimestamp: ago(5) } },
    ),
    '0/1',
    'Completed',
  ],
  [
    'being deleted on a lost node',
    pod(
      { phase: 'Running', reason: 'NodeLost', containerStatuses: [running()] },
      { metadata: { deletionTimestamp: ago(5) } },
    ),
    '1/1',
    'Unknown',
  ],
  [
    'held by scheduling gates',
    pod({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
    }),
    '0/1',
    'SchedulingGated',
  ],
  [
    'one container completed, another still running and the pod ready',
    pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          running(),
          {
            name: 'job',
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
      { spec: { containers: [{ name: 'app' }, { name: 'job' }] } },
    ),
    '1/2',
    'Running',
  ],
  [
    'one container completed, another running, pod not ready',
    pod(
      {
        phase: 'Running',
        containerStatuses: [
          running(),
          {
            name: 'job',
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
      { spec: { containers: [{ name: 'app' }, { name: 'job' }] } },
    ),
    '1/2',
    'NotReady',
  ],
];

for (const [name, p, ready, status] of statusCases) {
  test(`pod READY/STATUS: ${name} → ${ready} ${status}`, () => {
    const c = cells(p);
    assert.equal(c[1], ready);
    assert.equal(c[2], status);
  });
}

test('RESTARTS: a plain count without a previous termination, "(Xm ago)" with one', () => {
  assert.equal(cells(pod({ phase: 'Running', containerStatuses: [running(true, 2)] }))[3], '2');
  const restarted = pod({
    phase: 'Running',
    containerStatuses: [
      { ...running(true, 3), lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * 60) } } },
    ],
  });
  assert.equal(cells(restarted)[3], '3 (5m ago)');
  // A previous termination without a restart count shows the bare count.
  const noCount = pod({
    phase: 'Running',
    containerStatuses: [
      { ...running(true, 0), lastState: { terminated: { exitCode: 1, finishedAt: ago(60) } } },
    ],
  });
  assert.equal(cells(noCount)[3], '0');
  // The latest termination across containers wins.
  const two = pod(
    {
      phase: 'Running',
      containerStatuses: [
        { ...running(true, 1), lastState: { terminated: { exitCode: 1, finishedAt: ago(7200) } } },
        {
          ...running(true, 2),
          name: 'b',
          lastState: { terminated: { exitCode: 1, finishedAt: ago(90) } },
        },
      ],
    },
    { spec: { containers: [{ name: 'app' }, { name: 'b' }] } },
  );
  assert.equal(cells(two)[3], '3 (90s ago)');
});

test('pod AGE and the wide cells: IP, NODE, NOMINATED NODE, READINESS GATES', () => {
  const p = pod(
    {
      phase: 'Running',
      podIPs: [{ ip: '10.244.0.7' }],
      conditions: [{ type: 'example.com/lb', status: 'True' }],
      containerStatuses: [running()],
    },
    {
      spec: {
        nodeName: 'node-a',
        readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'other' }],
      },
    },
  );
  assert.deepEqual(cells(p), [
    'web-1',
    '1/1',
    'Running',
    '0',
    '60m',
    '10.244.0.7',
    'node-a',
    '<none>',
    '1/2',
  ]);
  assert.deepEqual(cells(pod({ phase: 'Pending' })).slice(5), [
    '<none>',
    '<none>',
    '<none>',
    '<none>',
  ]);
  assert.equal(cells(pod({ phase: 'Running', podIP: '10.0.0.9' }))[5], '10.0.0.9');
});

test('pod column definitions and the completed-row condition', () => {
  const table = toTable('Pod', '', [pod({ phase: 'Succeeded' })], {
    includeObject: 'None',
    now: NOW,
  });
  const columns = table.columnDefinitions as {
    name: string;
    type: string;
    format: string;
    priority: number;
  }[];
  assert.deepEqual(
    columns.map((c) => `${c.name}:${c.type}:${c.format}:${c.priority}`),
    [
      'Name:string:name:0',
      'Ready:string::0',
      'Status:string::0',
      'Restarts:string::0',
      'Age:string::0',
      'IP:string::1',
      'Node:string::1',
      'Nominated Node:string::1',
      'Readiness Gates:string::1',
    ],
  );
  const row = (table.rows as { conditions?: unknown[] }[])[0];
  assert.deepEqual(row?.conditions, [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ]);
});
