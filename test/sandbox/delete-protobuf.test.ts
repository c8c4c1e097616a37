/**
 * DeleteOptions sent protobuf-encoded, as client-go's typed clients send them (helm uninstall
 * does): read like the JSON form — propagationPolicy, dryRun, preconditions, gracePeriodSeconds
 * — and refused with a clear Status when garbled, of another kind, or carrying a field the
 * sandbox cannot honour.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { call } from './helpers.js';

const PROTOBUF = { 'Content-Type': 'application/vnd.kubernetes.protobuf' };

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** One length-delimited field (wire type 2). */
function field(number: number, value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

/** One varint field (wire type 0). */
function intField(number: number, value: number): Buffer {
  return Buffer.concat([varint(number << 3), varint(value)]);
}

/** "k8s\0" + runtime.Unknown{typeMeta, raw}, byte for byte as client-go writes it. */
function envelope(raw: Buffer, kind = 'DeleteOptions'): Buffer {
  const typeMeta = Buffer.concat([field(1, 'v1'), field(2, kind)]);
  return Buffer.concat([
    Buffer.from('k8s\0'),
    field(1, typeMeta),
    field(2, raw),
    field(3, ''),
    field(4, ''),
  ]);
}

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

async function makeConfigMap(name: string): Promise<string> {
  const created = await call(sandbox, 'POST', '/api/v1/namespaces/default/configmaps', {
    body: { metadata: { name }, data: { a: 'b' } },
  });
  assert.equal(created.status, 201, created.text);
  return String((created.json().metadata as { uid: string }).uid);
}

const exists = async (path: string): Promise<boolean> =>
  (await call(sandbox, 'GET', path)).status === 200;

describe('protobuf DeleteOptions', () => {
  it('an empty DeleteOptions (what helm uninstall sends) deletes', async () => {
    await makeConfigMap('pb-plain');
    const reply = await call(sandbox, 'DELETE', '/api/v1/namespaces/default/configmaps/pb-plain', {
      body: envelope(Buffer.alloc(0)),
      headers: PROTOBUF,
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.json().status, 'Success');
    assert.equal(await exists('/api/v1/namespaces/default/configmaps/pb-plain'), false);
  });

  it('dryRun: ["All"] changes nothing; gracePeriodSeconds 0 is accepted', async () => {
    await makeConfigMap('pb-dry');
    const reply = await call(sandbox, 'DELETE', '/api/v1/namespaces/default/configmaps/pb-dry', {
      body: envelope(Buffer.concat([intField(1, 0), field(5, 'All')])),
      headers: PROTOBUF,
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(await exists('/api/v1/namespaces/default/configmaps/pb-dry'), true);
    const bad = await call(sandbox, 'DELETE', '/api/v1/namespaces/default/configmaps/pb-dry', {
      body: envelope(field(5, 'Some')),
      headers: PROTOBUF,
    });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(await exists('/api/v1/namespaces/default/configmaps/pb-dry'), true);
  });

  it('preconditions are checked: a wrong uid is a 409 Conflict, the right one deletes', async () => {
    const uid = await makeConfigMap('pb-pre');
    const path = '/api/v1/namespaces/default/configmaps/pb-pre';
    const wrong = await call(sandbox, 'DELETE', path, {
      body: envelope(field(2, field(1, 'not-the-uid'))),
      headers: PROTOBUF,
    });
    assert.equal(wrong.status, 409, wrong.text);
    assert.match(String(wrong.json().message), /Precondition failed: UID in precondition/);
    assert.equal(await exists(path), true);
    const right = await call(sandbox, 'DELETE', path, {
      body: envelope(field(2, field(1, uid))),
      headers: PROTOBUF,
    });
    assert.equal(right.status, 200, right.text);
    assert.equal(await exists(path), false);
  });

  it('propagationPolicy Orphan keeps the dependents; an unknown policy is 422', async () => {
    const bogus = await call(
      sandbox,
      'DELETE',
      '/apis/apps/v1/namespaces/payments/deployments/api',
      {
        body: envelope(field(4, 'Sideways')),
        headers: PROTOBUF,
      },
    );
    assert.equal(bogus.status, 422, bogus.text);
    const before = await call(sandbox, 'GET', '/apis/apps/v1/namespaces/payments/replicasets');
    const owned = (before.json().items as { metadata: { name: string } }[]).length;
    assert.ok(owned > 0);
    const orphan = await call(
      sandbox,
      'DELETE',
      '/apis/apps/v1/namespaces/payments/deployments/api',
      {
        body: envelope(field(4, 'Orphan')),
        headers: PROTOBUF,
      },
    );
    assert.equal(orphan.status, 200, orphan.text);
    assert.equal(await exists('/apis/apps/v1/namespaces/payments/deployments/api'), false);
    const after = await call(sandbox, 'GET', '/apis/apps/v1/namespaces/payments/replicasets');
    assert.equal((after.json().items as unknown[]).length, owned);
  });

  it('another kind, a field the sandbox cannot honour, and garbage are refused', async () => {
    await makeConfigMap('pb-bad');
    const path = '/api/v1/namespaces/default/configmaps/pb-bad';
    const otherKind = await call(sandbox, 'DELETE', path, {
      body: envelope(Buffer.alloc(0), 'ConfigMap'),
      headers: PROTOBUF,
    });
    assert.equal(otherKind.status, 400, otherKind.text);
    // ignoreStoreReadErrorWithClusterBreakingPotential: true
    const unsafe = await call(sandbox, 'DELETE', path, {
      body: envelope(intField(6, 1)),
      headers: PROTOBUF,
    });
    assert.equal(unsafe.status, 415, unsafe.text);
    const garbage = await call(sandbox, 'DELETE', path, {
      body: Buffer.from('k8s\0\x0a\x7f'),
      headers: PROTOBUF,
    });
    assert.equal(garbage.status, 400, garbage.text);
    assert.equal(await exists(path), true);
  });
});
