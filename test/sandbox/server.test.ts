import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { call } from './helpers.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

type Obj = Record<string, unknown>;

describe('authentication', () => {
  it('answers 401 with a Status for a missing or wrong token', async () => {
    for (const token of [null, 'wrong-token']) {
      const reply = await call(sandbox, 'GET', '/api/v1/namespaces', { token });
      assert.equal(reply.status, 401);
      const body = reply.json();
      assert.equal(body.kind, 'Status');
      assert.equal(body.reason, 'Unauthorized');
      assert.equal(body.code, 401);
    }
  });

  it('serves /version and health without a token', async () => {
    const version = await call(sandbox, 'GET', '/version', { token: null });
    assert.equal(version.status, 200);
    assert.equal(version.json().gitVersion, 'v1.32.3');
    assert.equal((await call(sandbox, 'GET', '/healthz', { token: null })).text, 'ok');
  });

  it('lets the read-only user read but not write or read secrets (403 Forbidden)', async () => {
    const read = await call(sandbox, 'GET', '/api/v1/namespaces/payments/pods', {
      token: sandbox.viewerToken,
    });
    assert.equal(read.status, 200);
    const del = await call(sandbox, 'DELETE', '/api/v1/namespaces/payments/configmaps/api-config', {
      token: sandbox.viewerToken,
    });
    assert.equal(del.status, 403);
    assert.equal(del.json().reason, 'Forbidden');
    assert.match(
      String(del.json().message),
      /User "sandbox-viewer" cannot delete resource "configmaps"/,
    );
    const secrets = await call(sandbox, 'GET', '/api/v1/namespaces/payments/secrets', {
      token: sandbox.viewerToken,
    });
    assert.equal(secrets.status, 403);
  });
});

describe('impersonation', () => {
  it('lets the admin act as another user, authorized as that user', async () => {
    const asViewer = await call(sandbox, 'DELETE', '/api/v1/namespaces/default/pods/toolbox', {
      headers: { 'Impersonate-User': 'sandbox-viewer' },
    });
    assert.equal(asViewer.status, 403);
    assert.match(String(asViewer.json().message), /User "sandbox-viewer" cannot delete/);
    const stranger = await call(sandbox, 'GET', '/api/v1/namespaces/default/pods', {
      headers: { 'Impersonate-User': 'bob' },
    });
    assert.equal(stranger.status, 403);
    const master = await call(sandbox, 'GET', '/api/v1/namespaces/default/pods', {
      headers: { 'Impersonate-User': 'bob', 'Impersonate-Group': 'system:masters' },
    });
    assert.equal(master.status, 200);
  });

  it('refuses impersonation by anyone but the admin', async () => {
    const reply = await call(sandbox, 'GET', '/api/v1/namespaces/default/pods', {
      token: sandbox.viewerToken,
      headers: { 'Impersonate-User': 'sandbox-admin' },
    });
    assert.equal(reply.status, 403);
    assert.equal(
      reply.json().message,
      'users "sandbox-admin" is forbidden: User "sandbox-viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });
});

describe('discovery', () => {
  it('lists the core and named group-versions', async () => {
    assert.deepEqual((await call(sandbox, 'GET', '/api')).json().versions, ['v1']);
    const groups = ((await call(sandbox, 'GET', '/apis')).json().groups as Obj[]).map(
      (g) => g.name,
    );
    for (const g of [
      'apps',
      'batch',
      'rbac.authorization.k8s.io',
      'networking.k8s.io',
      'apiextensions.k8s.io',
      'authorization.k8s.io',
      'authentication.k8s.io',
    ]) {
      assert.ok(groups.includes(g), `missing ${g}`);
    }
  });

  it('describes resources with kinds, scope, verbs, short names, categories and subresources', async () => {
    const core = (await call(sandbox, 'GET', '/api/v1')).json().resources as Obj[];
    const pods = core.find((r) => r.name === 'pods');
    assert.equal(pods?.kind, 'Pod');
    assert.equal(pods?.namespaced, true);
    assert.deepEqual(pods?.shortNames, ['po']);
    assert.deepEqual(pods?.categories, ['all']);
    assert.ok(core.some((r) => r.name === 'pods/log'));
    assert.equal(core.find((r) => r.name === 'nodes')?.namespaced, false);
    const apps = (await call(sandbox, 'GET', '/apis/apps/v1')).json().resources as Obj[];
    const scale = apps.find((r) => r.name === 'deployments/scale');
    assert.equal(scale?.group, 'autoscaling');
    assert.equal(scale?.kind, 'Scale');
    const authz = (await call(sandbox, 'GET', '/apis/authorization.k8s.io/v1')).json()
      .resources as Obj[];
    assert.deepEqual(authz.find((r) => r.name === 'selfsubjectaccessreviews')?.verbs, ['create']);
    assert.equal((await call(sandbox, 'GET', '/apis/nope.example/v1')).status, 404);
  });

  it('serves aggregated discovery when asked for it', async () => {
    const reply = await call(sandbox, 'GET', '/apis', {
      headers: {
        Accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    assert.match(String(reply.headers['content-type']), /as=APIGroupDiscoveryList/);
    const items = reply.json().items as Obj[];
    assert.ok(items.some((i) => (i.metadata as Obj).name === 'apps'));
  });

  it('serves the OpenAPI v3 index and documents', async () => {
    const index = (await call(sandbox, 'GET', '/openapi/v3')).json().paths as Record<
      string,
      { serverRelativeURL: string }
    >;
    for (const p of ['api/v1', 'apis/apps/v1', 'apis/batch/v1'])
      assert.ok(index[p], `missing ${p}`);
    const apps = (
      await call(sandbox, 'GET', index['apis/apps/v1']?.serverRelativeURL ?? '')
    ).json();
    assert.ok((apps.components as Obj).schemas);
    const batch = (
      await call(sandbox, 'GET', index['apis/batch/v1']?.serverRelativeURL ?? '')
    ).json();
    const patchOps = Object.values(batch.paths as Record<string, Obj>)
      .map((p) => p.patch as Obj | undefined)
      .filter(Boolean);
    assert.ok(
      patchOps.some(
        (op) =>
          JSON.stringify(op).includes('fieldValidation') &&
          JSON.stringify(op).includes('"kind":"Job"'),
      ),
    );
  });
});

describe('CRUD and Status errors', () => {
  const base = '/api/v1/namespaces/staging/configmaps';

  it('creates with uid, resourceVersion and creationTimestamp, then gets it', async () => {
    const created = await call(sandbox, 'POST', base, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'crud-a' }, data: { k: 'v' } },
    });
    assert.equal(created.status, 201);
    const meta = created.json().metadata as Obj;
    assert.match(String(meta.uid), /^[0-9a-f-]{36}$/);
    assert.match(String(meta.resourceVersion), /^\d+$/);
    assert.match(String(meta.creationTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(meta.namespace, 'staging');
    const got = await call(sandbox, 'GET', `${base}/crud-a`);
    assert.deepEqual((got.json().data as Obj).k, 'v');
  });

  it("folds a secret's stringData into base64 data", async () => {
    const created = await call(sandbox, 'POST', '/api/v1/namespaces/staging/secrets', {
      body: { metadata: { name: 'folded' }, data: { a: 'YQ==' }, stringData: { b: 'bee' } },
    });
    assert.equal(created.status, 201);
    const body = created.json();
    assert.deepEqual(body.data, { a: 'YQ==', b: Buffer.from('bee').toString('base64') });
    assert.equal(body.stringData, undefined);
    assert.equal(body.type, 'Opaque');
  });

  it('names objects from generateName', async () => {
    const created = await call(sandbox, 'POST', base, {
      body: { metadata: { generateName: 'gen-' } },
    });
    assert.equal(created.status, 201);
    assert.match(String((created.json().metadata as Obj).name), /^gen-[a-z0-9]{5}$/);
  });

  it('answers AlreadyExists, NotFound, Conflict, Invalid, BadRequest and MethodNotAllowed', async () => {
    await call(sandbox, 'POST', base, { body: { metadata: { name: 'crud-b' } } });
    const dup = await call(sandbox, 'POST', base, { body: { metadata: { name: 'crud-b' } } });
    assert.equal(dup.status, 409);
    assert.equal(dup.json().reason, 'AlreadyExists');
    assert.equal(dup.json().message, 'configmaps "crud-b" already exists');

    const missing = await call(sandbox, 'GET', '/apis/apps/v1/namespaces/staging/deployments/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.json().message, 'deployments.apps "nope" not found');
    assert.deepEqual(missing.json().details, { name: 'nope', group: 'apps', kind: 'deployments' });

    const stale = await call(sandbox, 'PUT', `${base}/crud-b`, {
      body: { metadata: { name: 'crud-b', resourceVersion: '1' }, data: { x: 'y' } },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.json().reason, 'Conflict');

    const bad = await call(sandbox, 'POST', base, { body: { metadata: { name: 'Bad_Name' } } });
    assert.equal(bad.status, 422);
    assert.equal(bad.json().reason, 'Invalid');
    assert.match(
      String(bad.json().message),
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value/,
    );

    const podNoContainers = await call(sandbox, 'POST', '/api/v1/namespaces/staging/pods', {
      body: { metadata: { name: 'p' }, spec: {} },
    });
    assert.equal(podNoContainers.status, 422);

    const malformed = await call(sandbox, 'POST', base, { body: '{"metadata": {' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json().reason, 'BadRequest');

    const wrongKind = await call(sandbox, 'POST', base, {
      body: { kind: 'Secret', metadata: { name: 'x' } },
    });
    assert.equal(wrongKind.status, 400);

    const notAllowed = await call(
      sandbox,
      'GET',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    );
    assert.equal(notAllowed.status, 405);
    assert.equal(notAllowed.json().reason, 'MethodNotAllowed');

    const noNamespace = await call(sandbox, 'POST', '/api/v1/namespaces/ghost/configmaps', {
      body: { metadata: { name: 'x' } },
    });
    assert.equal(noNamespace.status, 404);
    assert.equal(noNamespace.json().message, 'namespaces "ghost" not found');
  });

  it('updates with the current resourceVersion and bumps it', async () => {
    const current = (await call(sandbox, 'GET', `${base}/crud-b`)).json();
    const rv = (current.metadata as Obj).resourceVersion;
    const updated = await call(sandbox, 'PUT', `${base}/crud-b`, {
      body: { ...current, data: { n: '2' } },
    });
    assert.equal(updated.status, 200);
    assert.notEqual((updated.json().metadata as Obj).resourceVersion, rv);
  });

  it('keeps the resourceVersion on an update that changes nothing', async () => {
    const path = '/apis/networking.k8s.io/v1/namespaces/staging/ingresses';
    const created = await call(sandbox, 'POST', path, {
      body: { metadata: { name: 'noop' }, spec: { rules: [{ host: 'a.example' }] } },
    });
    assert.equal(created.status, 201);
    const body = created.json();
    const again = await call(sandbox, 'PUT', `${path}/noop`, { body });
    assert.equal(again.status, 200);
    assert.equal(
      (again.json().metadata as Obj).resourceVersion,
      (body.metadata as Obj).resourceVersion,
    );
  });

  it('patches with merge, JSON and strategic patches, and rejects unknown patch types', async () => {
    const path = '/apis/apps/v1/namespaces/staging/deployments/web';
    const merge = await call(sandbox, 'PATCH', path, {
      body: { metadata: { labels: { patched: 'merge' } } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    assert.equal(merge.status, 200);
    assert.equal(((merge.json().metadata as Obj).labels as Obj).patched, 'merge');
    const json = await call(sandbox, 'PATCH', path, {
      body: [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }],
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    assert.equal(json.status, 200);
    const smp = await call(sandbox, 'PATCH', path, {
      body: {
        spec: {
          template: {
            spec: { containers: [{ name: 'web', env: [{ name: 'MODE', value: 'x' }] }] },
          },
        },
      },
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    });
    assert.equal(smp.status, 200);
    const containers = (((smp.json().spec as Obj).template as Obj).spec as Obj).containers as Obj[];
    assert.equal(containers.length, 1);
    assert.equal(containers[0]?.image, 'nginx:1.27');
    const unknown = await call(sandbox, 'PATCH', path, {
      body: {},
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.equal(unknown.status, 415);
  });

  it('lists with label and field selectors, limit and continue', async () => {
    const byLabel = (
      await call(
        sandbox,
        'GET',
        '/api/v1/pods?labelSelector=app%20in%20(api,worker),tier!=frontend',
      )
    ).json();
    const names = (byLabel.items as Obj[]).map((p) => (p.metadata as Obj).name as string);
    assert.equal(names.length, 5);
    assert.ok(names.every((n) => n.startsWith('api-') || n.startsWith('worker-')));
    const byField = (
      await call(sandbox, 'GET', '/api/v1/namespaces?fieldSelector=metadata.name%3Dpayments')
    ).json();
    assert.deepEqual(
      (byField.items as Obj[]).map((n) => (n.metadata as Obj).name),
      ['payments'],
    );
    const badSelector = await call(sandbox, 'GET', '/api/v1/pods?labelSelector=app%20in%20(');
    assert.equal(badSelector.status, 400);
    const badField = await call(sandbox, 'GET', '/api/v1/pods?fieldSelector=spec.nope%3Dx');
    assert.equal(badField.status, 400);

    const seen: string[] = [];
    let next = '/api/v1/pods?limit=3';
    for (let page = 0; page < 10 && next; page++) {
      const body = (await call(sandbox, 'GET', next)).json();
      const items = body.items as Obj[];
      assert.ok(items.length <= 3);
      seen.push(
        ...items.map((p) => `${(p.metadata as Obj).namespace}/${(p.metadata as Obj).name}`),
      );
      const token = (body.metadata as Obj).continue as string | undefined;
      next = token ? `/api/v1/pods?limit=3&continue=${encodeURIComponent(token)}` : '';
    }
    const all = ((await call(sandbox, 'GET', '/api/v1/pods')).json().items as Obj[]).map(
      (p) => `${(p.metadata as Obj).namespace}/${(p.metadata as Obj).name}`,
    );
    assert.deepEqual(seen, all);
  });

  it('deletes, and deletecollection honours selectors', async () => {
    const del = await call(sandbox, 'DELETE', `${base}/crud-a`);
    assert.equal(del.status, 200);
    assert.equal(del.json().status, 'Success');
    assert.equal((await call(sandbox, 'GET', `${base}/crud-a`)).status, 404);
    await call(sandbox, 'POST', base, {
      body: { metadata: { name: 'dc-1', labels: { sweep: 'yes' } } },
    });
    await call(sandbox, 'POST', base, {
      body: { metadata: { name: 'dc-2', labels: { sweep: 'no' } } },
    });
    const swept = await call(sandbox, 'DELETE', `${base}?labelSelector=sweep%3Dyes`);
    assert.equal(swept.status, 200);
    assert.equal((await call(sandbox, 'GET', `${base}/dc-1`)).status, 404);
    assert.equal((await call(sandbox, 'GET', `${base}/dc-2`)).status, 200);
  });

  it('answers access and self reviews from the RBAC table', async () => {
    const review = (verb: string, resource: string, token?: string) =>
      call(sandbox, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb, resource, namespace: 'payments' } },
        },
        token,
      });
    assert.equal(((await review('delete', 'pods')).json().status as Obj).allowed, true);
    assert.equal(
      ((await review('delete', 'pods', sandbox.viewerToken)).json().status as Obj).allowed,
      false,
    );
    assert.equal(
      ((await review('list', 'pods', sandbox.viewerToken)).json().status as Obj).allowed,
      true,
    );
    const who = await call(sandbox, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      token: sandbox.viewerToken,
    });
    assert.equal(((who.json().status as Obj).userInfo as Obj).username, 'sandbox-viewer');
  });
});
