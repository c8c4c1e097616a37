/**
 * Deletes that must change nothing: dryRun=All in the DeleteOptions body (where kubectl puts
 * it for `delete --dry-run=server`) or in the query, for delete, deletecollection and a
 * namespace (whose cascade must not run); and "." / ".." as a name, which URL parsing would
 * otherwise turn into a request on the parent path (the namespace itself, or the collection).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { caOf, call } from './helpers.js';

let sandbox: Sandbox;
let home: string;

before(async () => {
  sandbox = await startSandbox();
  home = tempDir('iddio-dryrun-home-');
});
after(async () => {
  await sandbox.stop();
});

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      kubectlPath(),
      args,
      {
        env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
        timeout: 20_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Sends `path` byte for byte (no URL normalisation), as a hostile or careless client may. */
function rawCall(method: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        hostname: url.hostname,
        port: url.port,
        method,
        path,
        ca: caOf(sandbox),
        headers: { Accept: 'application/json', Authorization: `Bearer ${sandbox.token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function podNames(namespace: string): Promise<string[]> {
  const list = (await call(sandbox, 'GET', `/api/v1/namespaces/${namespace}/pods`)).json() as {
    items: { metadata: { name: string } }[];
  };
  return list.items.map((p) => p.metadata.name).sort();
}

async function aPod(namespace: string): Promise<string> {
  const names = await podNames(namespace);
  assert.ok(names.length > 0, `the seed has pods in ${namespace}`);
  return names[0] ?? '';
}

describe('dry-run delete', () => {
  it('kubectl delete pod --dry-run=server leaves the pod in place', async () => {
    const pod = await aPod('payments');
    const r = await kubectl('delete', 'pod', pod, '-n', 'payments', '--dry-run=server');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`pod "${pod}" deleted \\(server dry run\\)`));
    assert.equal(
      (await call(sandbox, 'GET', `/api/v1/namespaces/payments/pods/${pod}`)).status,
      200,
    );
  });

  it('kubectl delete deployment --dry-run=server keeps it and its pods', async () => {
    const before = await podNames('payments');
    const r = await kubectl('delete', 'deployment', 'api', '-n', 'payments', '--dry-run=server');
    assert.equal(r.code, 0, r.stderr);
    const get = await call(sandbox, 'GET', '/apis/apps/v1/namespaces/payments/deployments/api');
    assert.equal(get.status, 200);
    assert.deepEqual(await podNames('payments'), before);
  });

  it('dryRun in the DeleteOptions body, and in the query, is a dry run (200 Success Status)', async () => {
    const pod = await aPod('payments');
    const path = `/api/v1/namespaces/payments/pods/${pod}`;
    const viaBody = await call(sandbox, 'DELETE', path, {
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        dryRun: ['All'],
        propagationPolicy: 'Background',
      },
    });
    assert.equal(viaBody.status, 200);
    assert.equal(viaBody.json().kind, 'Status');
    assert.equal(viaBody.json().status, 'Success');
    assert.deepEqual((viaBody.json().details as { name: string }).name, pod);
    const viaQuery = await call(sandbox, 'DELETE', `${path}?dryRun=All`);
    assert.equal(viaQuery.status, 200);
    assert.equal((await call(sandbox, 'GET', path)).status, 200);
  });

  it('an unknown dryRun value in the body is refused, not ignored', async () => {
    const pod = await aPod('payments');
    const path = `/api/v1/namespaces/payments/pods/${pod}`;
    const r = await call(sandbox, 'DELETE', path, { body: { dryRun: ['Everything'] } });
    assert.equal(r.status, 400);
    assert.equal((await call(sandbox, 'GET', path)).status, 200);
  });

  it('deletecollection with dryRun in the body lists the victims and deletes none', async () => {
    const before = await podNames('payments');
    const r = await call(sandbox, 'DELETE', '/api/v1/namespaces/payments/pods', {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] },
    });
    assert.equal(r.status, 200);
    assert.equal((r.json().items as unknown[]).length, before.length);
    assert.deepEqual(await podNames('payments'), before);
  });

  it('a dry-run namespace delete runs no cascade (kubectl, and the body)', async () => {
    const before = await podNames('payments');
    const r = await kubectl('delete', 'namespace', 'payments', '--dry-run=server');
    assert.equal(r.code, 0, r.stderr);
    const body = await call(sandbox, 'DELETE', '/api/v1/namespaces/payments', {
      body: { dryRun: ['All'] },
    });
    assert.equal(body.status, 200);
    assert.equal((await call(sandbox, 'GET', '/api/v1/namespaces/payments')).status, 200);
    assert.deepEqual(await podNames('payments'), before);
  });
});

describe('"." and ".." as names', () => {
  for (const path of [
    '/api/v1/namespaces/payments/pods/..',
    '/api/v1/namespaces/payments/pods/.',
    '/api/v1/namespaces/payments/pods/%2e%2e',
    '/api/v1/namespaces/payments/pods/%2E',
    '/api/v1/namespaces/../pods/x',
    '/apis/apps/v1/namespaces/payments/deployments/..',
  ]) {
    it(`DELETE ${path} is refused with a 400 Status and deletes nothing`, async () => {
      const pods = await podNames('payments');
      const r = await rawCall('DELETE', path);
      assert.equal(r.status, 400, r.body);
      const status = JSON.parse(r.body) as { kind: string; reason: string; message: string };
      assert.equal(status.kind, 'Status');
      assert.equal(status.reason, 'BadRequest');
      assert.match(status.message, /may not be '\.\.?'/);
      assert.equal((await call(sandbox, 'GET', '/api/v1/namespaces/payments')).status, 200);
      assert.deepEqual(await podNames('payments'), pods);
    });
  }

  it('GET .../pods/.. is refused too (not the namespace)', async () => {
    const r = await rawCall('GET', '/api/v1/namespaces/payments/pods/..');
    assert.equal(r.status, 400);
  });
});

describe('rawPath', () => {
  it('keeps dot segments and drops the query, in origin-form and absolute-form', async () => {
    const { rawPath } = await import('../../src/kubectl/request-info.js');
    assert.equal(
      rawPath('/api/v1/namespaces/a/pods/..?dryRun=All'),
      '/api/v1/namespaces/a/pods/..',
    );
    assert.equal(rawPath('https://h:6443/api/v1/pods/%2e?x=1'), '/api/v1/pods/%2e');
    assert.equal(rawPath('https://h:6443'), '/');
    assert.equal(rawPath('/api#frag'), '/api');
  });
});
