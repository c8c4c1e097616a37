/**
 * `rollout undo`: the pure pieces (revision lookup, the JSON patch, kubectl's refusals, the
 * untabulated template of a client dry run) and one run against the sandbox, which must reuse
 * the rolled-back-to ReplicaSet and give it the newest revision. The byte-for-byte comparison
 * with kubectl 1.32.3 is in test/compat/ (commands.ts, MUTATING).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import {
  describeTemplate,
  noRollbacker,
  replicaSetForRevision,
  rollbackPatch,
} from '../../src/kube/verbs/rollout-undo.js';
import { equalIgnoreHash, revisionOf } from '../../src/kube/verbs/rollout.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { runExecutor } from './helpers.js';

type Obj = Record<string, unknown>;

const rs = (name: string, revision: string | undefined, image = 'app:1'): Obj => ({
  metadata: {
    name,
    annotations: {
      ...(revision === undefined ? {} : { 'deployment.kubernetes.io/revision': revision }),
      'deployment.kubernetes.io/desired-replicas': '3',
      'kubernetes.io/change-cause': `made ${name}`,
    },
  },
  spec: {
    template: {
      metadata: { labels: { app: 'api', 'pod-template-hash': `${name}hash` } },
      spec: { containers: [{ name: 'api', image }] },
    },
  },
});

const nameOf = (object: Obj): unknown => (object.metadata as Obj).name;

describe('rollout undo: which ReplicaSet', () => {
  const list = [rs('a', '1'), rs('c', '3'), rs('b', '2'), rs('x', undefined), rs('y', 'zz')];

  it('picks the second newest revision for --to-revision=0', () => {
    assert.equal(nameOf(replicaSetForRevision(list, 0, 'api')), 'b');
  });

  it('picks the named revision, and only a parseable one', () => {
    assert.equal(nameOf(replicaSetForRevision(list, 1, 'api')), 'a');
    assert.equal(revisionOf(rs('y', 'zz')), undefined);
    assert.equal(revisionOf(rs('x', undefined)), undefined);
    assert.equal(revisionOf(rs('p', '+4')), 4);
  });

  it('words the failures as kubectl does', () => {
    assert.throws(() => replicaSetForRevision(list, 9, 'api'), {
      message: 'unable to find specified revision 9 in history',
    });
    assert.throws(() => replicaSetForRevision([rs('a', '1')], 0, 'api'), {
      message: 'no rollout history found for deployment "api"',
    });
    assert.throws(() => replicaSetForRevision([], 0, 'we"ird'), {
      message: 'no rollout history found for deployment "we\\"ird"',
    });
  });

  it('resolves equal revisions in walk order, as kubectl loop does', () => {
    const twins = [rs('a', '2'), rs('b', '2'), rs('c', '1')];
    assert.equal(nameOf(replicaSetForRevision(twins, 0, 'api')), 'b');
  });
});

describe('rollout undo: the patch', () => {
  const deployment: Obj = {
    metadata: {
      annotations: {
        'deployment.kubernetes.io/revision': '4',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        note: 'dropped, as kubectl drops it',
      },
    },
  };

  it('restores the template without its hash label, shaped as Go writes it', () => {
    const [template, annotations] = JSON.parse(rollbackPatch(deployment, rs('b', '2'))) as Array<{
      op: string;
      path: string;
      value: Obj;
    }>;
    assert.equal(template?.op, 'replace');
    assert.equal(template?.path, '/spec/template');
    assert.deepEqual(template?.value, {
      metadata: { creationTimestamp: null, labels: { app: 'api' } },
      spec: { containers: [{ name: 'api', image: 'app:1', resources: {} }] },
    });
    assert.equal(annotations?.path, '/metadata/annotations');
    assert.deepEqual(Object.keys(annotations?.value ?? {}), [
      'deployment.kubernetes.io/revision',
      'kubectl.kubernetes.io/last-applied-configuration',
      'kubernetes.io/change-cause',
    ]);
    assert.equal(annotations?.value['deployment.kubernetes.io/revision'], '4');
    assert.equal(annotations?.value['kubernetes.io/change-cause'], 'made b');
  });

  it('drops a label map that held only the hash', () => {
    const only = rs('b', '2');
    const template = (only.spec as Obj).template as Obj;
    (template.metadata as Obj).labels = { 'pod-template-hash': 'h' };
    const [patch] = JSON.parse(rollbackPatch(deployment, only)) as Array<{ value: Obj }>;
    assert.deepEqual(patch?.value.metadata, { creationTimestamp: null });
  });

  it('compares templates as Go does: hash label ignored, null and {} as absent', () => {
    const a = (rs('a', '1').spec as Obj).template;
    const b = structuredClone((rs('b', '1').spec as Obj).template) as Obj;
    (b.metadata as Obj).creationTimestamp = null;
    (b.metadata as Obj).annotations = {};
    assert.equal(equalIgnoreHash(a, b), true);
    assert.equal(equalIgnoreHash(a, (rs('b', '1', 'app:2').spec as Obj).template), false);
  });
});

describe('rollout undo: kinds without a rollbacker', () => {
  it('words them as RollbackerFor does', () => {
    assert.equal(noRollbacker({ group: 'apps', kind: 'Deployment' }), undefined);
    assert.equal(
      noRollbacker({ group: '', kind: 'Pod' }),
      'no rollbacker has been implemented for "Pod"',
    );
    assert.equal(
      noRollbacker({ group: 'apps', kind: 'ReplicaSet' }),
      'no rollbacker has been implemented for "ReplicaSet.apps"',
    );
    assert.equal(
      noRollbacker({ group: '', kind: 'ConfigMap' }),
      'error retrieving rollbacker for "ConfigMap", no visitor method exists for { ConfigMap}',
    );
    assert.equal(
      noRollbacker({ group: 'networking.k8s.io', kind: 'Ingress' }),
      'error retrieving rollbacker for "Ingress.networking.k8s.io", no visitor method exists for {networking.k8s.io Ingress}',
    );
  });
});

describe('rollout undo: a client dry run prints the template untabulated', () => {
  it('keeps the raw tabs of kubectl printTemplate and strips control characters', () => {
    const text = describeTemplate({
      metadata: { labels: { app: 'api', 'pod-template-hash': 'h' } },
      spec: { containers: [{ name: 'api', image: 'evil\u001b[31m:1' }] },
    });
    assert.match(text, /^Pod Template:\n {2}Labels:\tapp=api\n\tpod-template-hash=h\n/);
    assert.match(text, /\n {4}Image:\tevil:1\n/);
    assert.doesNotMatch(text, /\u001b/);
  });
});

describe('rollout undo against the sandbox', () => {
  let sandbox: Sandbox;
  const dir = tempDir('iddio-undo-');
  let env: Record<string, string | undefined>;
  const run = (argv: string[]) =>
    runExecutor(argv, { requestId: newRequestId(), cacheDir: dir, env });
  const apiReplicaSets = async (): Promise<Obj[]> => {
    const got = await run(['get', 'rs', '-n', 'payments', '-l', 'app=api', '-o', 'json']);
    return (JSON.parse(got.stdout) as { items: Obj[] }).items;
  };
  const annotationsOf = (object: Obj): Record<string, string> =>
    ((object.metadata as Obj).annotations ?? {}) as Record<string, string>;

  before(async () => {
    sandbox = await startSandbox();
    env = { KUBECONFIG: sandbox.kubeconfigPath, HOME: dir };
  });
  after(async () => {
    await sandbox.stop();
  });

  it('has nothing to undo on a fresh deployment', async () => {
    const result = await run(['rollout', 'undo', 'deploy/api', '-n', 'payments']);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, 'error: no rollout history found for deployment "api"\n');
  });

  it('rolls back by reusing the old ReplicaSet, which becomes the newest revision', async () => {
    const before = await apiReplicaSets();
    assert.equal(before.length, 1);
    const original = nameOf(before[0] as Obj);
    const set = await run(['set', 'image', 'deploy/api', '-n', 'payments', 'api=nginx:2']);
    assert.equal(set.exitCode, 0, set.stderr);
    const result = await run(['rollout', 'undo', 'deploy/api', '-n', 'payments']);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'deployment.apps/api rolled back\n');
    const calls = result.apiRequests
      .map((r) => `${r.method} ${r.path}`)
      .filter((line) => line.includes('/namespaces/payments/'));
    assert.deepEqual(calls, [
      'GET /apis/apps/v1/namespaces/payments/deployments/api',
      'GET /apis/apps/v1/namespaces/payments/deployments/api',
      'GET /apis/apps/v1/namespaces/payments/replicasets?labelSelector=app%3Dapi',
      'PATCH /apis/apps/v1/namespaces/payments/deployments/api',
    ]);
    const after = await apiReplicaSets();
    assert.equal(after.length, 2, 'no third ReplicaSet for a template that already has one');
    const reused = after.find((r) => nameOf(r) === original) as Obj;
    assert.equal(annotationsOf(reused)['deployment.kubernetes.io/revision'], '3');
    assert.equal(annotationsOf(reused)['deployment.kubernetes.io/revision-history'], '1');
    assert.equal((reused.spec as Obj).replicas, 3);
    const history = await run(['rollout', 'history', 'deploy/api', '-n', 'payments']);
    assert.match(history.stdout, /^REVISION {2}CHANGE-CAUSE\n2 {9}<none>\n3 {9}<none>\n$/m);
  });

  it('skips a revision the template already matches, and dry runs change nothing', async () => {
    const skip = await run(['rollout', 'undo', 'deploy/api', '-n', 'payments', '--to-revision=3']);
    assert.equal(
      skip.stdout,
      'deployment.apps/api skipped rollback (current template already matches revision 3)\n',
    );
    const server = await run([
      'rollout',
      'undo',
      'deploy/api',
      '-n',
      'payments',
      '--dry-run=server',
    ]);
    assert.equal(server.stdout, 'deployment.apps/api rolled back (server dry run)\n');
    assert.ok(
      server.apiRequests.some((r) => r.method === 'PATCH' && r.path.includes('dryRun=All')),
    );
    const client = await run([
      'rollout',
      'undo',
      'deploy/api',
      '-n',
      'payments',
      '--dry-run=client',
    ]);
    assert.match(client.stdout, /^deployment\.apps\/api Pod Template:\n/);
    assert.match(client.stdout, /\n {4}Image:\tnginx:2\n[\s\S]*\n \(dry run\)\n$/);
    assert.ok(!client.apiRequests.some((r) => r.method === 'PATCH'));
    const image = await run([
      'get',
      'deploy',
      'api',
      '-n',
      'payments',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    assert.equal(image.stdout, 'ghcr.io/example/payments-api:1.4.2');
  });

  it('refuses daemon sets and stateful sets before reading them (exit 2)', async () => {
    for (const type of ['ds/x', 'statefulset/x']) {
      const result = await run(['rollout', 'undo', type, '-n', 'payments']);
      assert.equal(result.exitCode, 2);
      assert.match(
        result.stderr,
        /^iddio: rollout undo for (daemonsets|statefulsets) is not supported yet\n$/,
      );
      assert.ok(!result.apiRequests.some((r) => r.path.includes('/namespaces/payments/')));
    }
  });

  it('refuses flags it does not implement', async () => {
    const result = await run(['rollout', 'undo', 'deploy/api', '-n', 'payments', '-o', 'name']);
    assert.equal(result.exitCode, 2);
    assert.equal(result.stderr, 'iddio: rollout undo --output is not supported yet\n');
  });
});
