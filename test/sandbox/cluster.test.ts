import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { call } from './helpers.js';

type Obj = Record<string, unknown>;
let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

async function names(path: string): Promise<string[]> {
  const body = (await call(sandbox, 'GET', path)).json();
  return (body.items as Obj[]).map((o) => String((o.metadata as Obj).name));
}

describe('controllers', () => {
  it('seeds deployments that own replica sets that own pods', async () => {
    const rs = (
      await call(
        sandbox,
        'GET',
        '/apis/apps/v1/namespaces/payments/replicasets?labelSelector=app%3Dapi',
      )
    ).json();
    const set = (rs.items as Obj[])[0] as Obj;
    const owner = ((set.metadata as Obj).ownerReferences as Obj[])[0];
    assert.equal(owner?.kind, 'Deployment');
    assert.equal(owner?.name, 'api');
    assert.equal(owner?.controller, true);
    const pods = (
      await call(sandbox, 'GET', '/api/v1/namespaces/payments/pods?labelSelector=app%3Dapi')
    ).json();
    for (const pod of pods.items as Obj[]) {
      const ref = ((pod.metadata as Obj).ownerReferences as Obj[])[0];
      assert.equal(ref?.uid, (set.metadata as Obj).uid);
      assert.equal((pod.status as Obj).phase, 'Running');
    }
  });

  it('gives the same names on every start', async () => {
    const other = await startSandbox();
    try {
      const mine = await names('/api/v1/pods');
      const theirs = ((await call(other, 'GET', '/api/v1/pods')).json().items as Obj[]).map((o) =>
        String((o.metadata as Obj).name),
      );
      assert.deepEqual(theirs, mine);
    } finally {
      await other.stop();
    }
  });

  it('scales through the scale subresource', async () => {
    const path = '/apis/apps/v1/namespaces/payments/deployments/worker/scale';
    const scale = (await call(sandbox, 'GET', path)).json();
    assert.equal(scale.kind, 'Scale');
    assert.equal((scale.spec as Obj).replicas, 2);
    assert.equal((scale.status as Obj).selector, 'app=worker');
    const patched = await call(sandbox, 'PATCH', path, {
      body: { spec: { replicas: 4 } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    assert.equal(patched.status, 200);
    assert.equal(
      (await names('/api/v1/namespaces/payments/pods?labelSelector=app%3Dworker')).length,
      4,
    );
    const put = await call(sandbox, 'PUT', path, {
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
        metadata: { name: 'worker', namespace: 'payments' },
        spec: { replicas: 1 },
      },
    });
    assert.equal(put.status, 200);
    assert.equal(
      (await names('/api/v1/namespaces/payments/pods?labelSelector=app%3Dworker')).length,
      1,
    );
  });

  it('rolls a new replica set when the template changes, and reports the rollout done', async () => {
    const path = '/apis/apps/v1/namespaces/staging/deployments/web';
    await call(sandbox, 'PATCH', path, {
      body: {
        spec: {
          template: {
            metadata: {
              annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
            },
          },
        },
      },
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    });
    const sets = (await call(sandbox, 'GET', '/apis/apps/v1/namespaces/staging/replicasets')).json()
      .items as Obj[];
    assert.equal(sets.length, 2);
    const replicas = sets.map((s) => (s.spec as Obj).replicas).sort();
    assert.deepEqual(replicas, [0, 1]);
    const d = (await call(sandbox, 'GET', path)).json();
    const meta = d.metadata as Obj;
    const status = d.status as Obj;
    assert.equal(meta.generation, 2);
    assert.equal(status.observedGeneration, 2);
    assert.equal(status.updatedReplicas, 1);
    assert.equal((meta.annotations as Obj)['deployment.kubernetes.io/revision'], '2');
  });

  it('keeps Endpoints and EndpointSlices in step with ready pods', async () => {
    const ep = (await call(sandbox, 'GET', '/api/v1/namespaces/payments/endpoints/api')).json();
    const subset = (ep.subsets as Obj[])[0] as Obj;
    assert.equal((subset.addresses as Obj[]).length, 3);
    assert.deepEqual(subset.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const slices = (
      await call(
        sandbox,
        'GET',
        '/apis/discovery.k8s.io/v1/namespaces/payments/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dapi',
      )
    ).json();
    assert.equal(((slices.items as Obj[])[0]?.endpoints as Obj[]).length, 3);
    await call(sandbox, 'PATCH', '/apis/apps/v1/namespaces/payments/deployments/api', {
      body: { spec: { replicas: 1 } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    const after = (await call(sandbox, 'GET', '/api/v1/namespaces/payments/endpoints/api')).json();
    assert.equal((((after.subsets as Obj[])[0] as Obj).addresses as Obj[]).length, 1);
  });

  it('runs a Job to completion with its own selector', async () => {
    const created = await call(sandbox, 'POST', '/apis/batch/v1/namespaces/default/jobs', {
      body: {
        metadata: { name: 'once' },
        spec: {
          completions: 2,
          template: {
            spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] },
          },
        },
      },
    });
    assert.equal(created.status, 201);
    const job = (await call(sandbox, 'GET', '/apis/batch/v1/namespaces/default/jobs/once')).json();
    const uid = String((job.metadata as Obj).uid);
    assert.deepEqual((job.spec as Obj).selector, {
      matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
    });
    assert.equal((job.status as Obj).succeeded, 2);
    assert.ok(
      ((job.status as Obj).conditions as Obj[]).some(
        (c) => c.type === 'Complete' && c.status === 'True',
      ),
    );
    const pods = (
      await call(
        sandbox,
        'GET',
        `/api/v1/namespaces/default/pods?labelSelector=batch.kubernetes.io%2Fcontroller-uid%3D${uid}`,
      )
    ).json();
    assert.deepEqual(
      (pods.items as Obj[]).map((p) => (p.status as Obj).phase),
      ['Succeeded', 'Succeeded'],
    );
    const always = await call(sandbox, 'POST', '/apis/batch/v1/namespaces/default/jobs', {
      body: {
        metadata: { name: 'bad' },
        spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      },
    });
    assert.equal(always.status, 422);
  });

  it('runs StatefulSets as ordinal pods and DaemonSets on every tolerated node', async () => {
    const template = (app: string) => ({
      metadata: { labels: { app } },
      spec: { containers: [{ name: app, image: 'busybox' }] },
    });
    const sts = await call(sandbox, 'POST', '/apis/apps/v1/namespaces/default/statefulsets', {
      body: {
        metadata: { name: 'db' },
        spec: {
          replicas: 2,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: template('db'),
        },
      },
    });
    assert.equal(sts.status, 201);
    assert.deepEqual(await names('/api/v1/namespaces/default/pods?labelSelector=app%3Ddb'), [
      'db-0',
      'db-1',
    ]);
    const stsStatus = (
      await call(sandbox, 'GET', '/apis/apps/v1/namespaces/default/statefulsets/db')
    ).json().status as Obj;
    assert.equal(stsStatus.readyReplicas, 2);
    assert.equal(stsStatus.currentRevision, stsStatus.updateRevision);
    const ds = await call(sandbox, 'POST', '/apis/apps/v1/namespaces/default/daemonsets', {
      body: {
        metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
      },
    });
    assert.equal(ds.status, 201);
    const pods = (
      await call(sandbox, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dagent')
    ).json().items as Obj[];
    // The control-plane node's NoSchedule taint is not tolerated: the two workers only.
    assert.deepEqual(pods.map((p) => (p.spec as Obj).nodeName).sort(), [
      'sandbox-worker',
      'sandbox-worker2',
    ]);
    const dsStatus = (
      await call(sandbox, 'GET', '/apis/apps/v1/namespaces/default/daemonsets/agent')
    ).json().status as Obj;
    assert.equal(dsStatus.desiredNumberScheduled, 2);
    assert.equal(dsStatus.numberReady, 2);
  });

  it('keeps a pod Pending while no node can take it, then schedules it', async () => {
    const cordon = (node: string, unschedulable: boolean) =>
      call(sandbox, 'PATCH', `/api/v1/nodes/${node}`, {
        body: { spec: { unschedulable } },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      });
    await cordon('sandbox-worker', true);
    await cordon('sandbox-worker2', true);
    await call(sandbox, 'POST', '/api/v1/namespaces/default/pods', {
      body: {
        metadata: { name: 'waiting' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    });
    const pending = (await call(sandbox, 'GET', '/api/v1/namespaces/default/pods/waiting')).json();
    assert.equal((pending.status as Obj).phase, 'Pending');
    const events = (
      await call(
        sandbox,
        'GET',
        '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dwaiting',
      )
    ).json();
    assert.deepEqual(
      (events.items as Obj[]).map((e) => e.reason),
      ['FailedScheduling'],
    );
    await cordon('sandbox-worker', false);
    await cordon('sandbox-worker2', false);
    const running = (await call(sandbox, 'GET', '/api/v1/namespaces/default/pods/waiting')).json();
    assert.equal((running.status as Obj).phase, 'Running');
  });

  it('garbage-collects dependents of a deleted deployment', async () => {
    await call(sandbox, 'DELETE', '/apis/apps/v1/namespaces/staging/deployments/web');
    assert.deepEqual(await names('/apis/apps/v1/namespaces/staging/replicasets'), []);
    assert.deepEqual(await names('/api/v1/namespaces/staging/pods'), []);
  });

  it('replaces a deleted pod of a replica set', async () => {
    const before = await names('/api/v1/namespaces/kube-system/pods');
    await call(sandbox, 'DELETE', `/api/v1/namespaces/kube-system/pods/${before[0]}`);
    const after = await names('/api/v1/namespaces/kube-system/pods');
    assert.equal(after.length, before.length);
    assert.ok(!after.includes(before[0] ?? ''));
  });

  it('refuses to delete the default and kube-system namespaces', async () => {
    for (const ns of ['default', 'kube-system']) {
      const reply = await call(sandbox, 'DELETE', `/api/v1/namespaces/${ns}`);
      assert.equal(reply.status, 403);
      assert.equal(
        reply.json().message,
        `namespaces "${ns}" is forbidden: this namespace may not be deleted`,
      );
    }
  });

  it('deletes everything in a namespace with it', async () => {
    const del = await call(sandbox, 'DELETE', '/api/v1/namespaces/payments');
    assert.equal(del.status, 200);
    assert.equal((await call(sandbox, 'GET', '/api/v1/namespaces/payments')).status, 404);
    for (const path of [
      '/api/v1/pods',
      '/apis/apps/v1/deployments',
      '/api/v1/configmaps',
      '/api/v1/secrets',
    ]) {
      const left = ((await call(sandbox, 'GET', path)).json().items as Obj[]).filter(
        (o) => (o.metadata as Obj).namespace === 'payments',
      );
      assert.deepEqual(left, [], path);
    }
  });

  it('creates a default service account in a new namespace', async () => {
    await call(sandbox, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'fresh' } } });
    assert.deepEqual(await names('/api/v1/namespaces/fresh/serviceaccounts'), ['default']);
  });
});

describe('audit log', () => {
  it('writes one audit.k8s.io/v1 Event per request, with the Audit-ID when valid', async () => {
    await call(sandbox, 'GET', '/api/v1/namespaces/default/pods/toolbox', {
      headers: { 'Audit-ID': 'idd-01hzy-1', 'User-Agent': 'iddio-test/1' },
    });
    await call(sandbox, 'GET', '/api/v1/namespaces', { headers: { 'Audit-ID': 'bad id!' } });
    await call(sandbox, 'GET', '/api/v1/namespaces', { token: 'wrong' });
    const events = readFileSync(sandbox.auditLogPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Obj);
    const mine = events.find((e) => e.auditID === 'idd-01hzy-1');
    assert.ok(mine);
    assert.equal(mine.apiVersion, 'audit.k8s.io/v1');
    assert.equal(mine.kind, 'Event');
    assert.equal(mine.level, 'Metadata');
    assert.equal(mine.stage, 'ResponseComplete');
    assert.equal(mine.verb, 'get');
    assert.equal(mine.userAgent, 'iddio-test/1');
    assert.equal(mine.requestURI, '/api/v1/namespaces/default/pods/toolbox');
    assert.equal((mine.user as Obj).username, 'sandbox-admin');
    assert.deepEqual(mine.objectRef, {
      resource: 'pods',
      namespace: 'default',
      name: 'toolbox',
      apiVersion: 'v1',
    });
    assert.equal((mine.responseStatus as Obj).code, 200);
    assert.match(String(mine.requestReceivedTimestamp), /^\d{4}-.*\.\d{6}Z$/);
    const tail = events.slice(-2);
    assert.match(String(tail[0]?.auditID), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    assert.equal(tail[0]?.verb, 'list');
    assert.equal((tail[1]?.responseStatus as Obj).code, 401);
    assert.equal((tail[1]?.user as Obj).username, 'system:anonymous');
  });
});
