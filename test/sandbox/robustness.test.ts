import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { call, TABLE_ACCEPT } from './helpers.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

describe('bad input', () => {
  const bodies: [string, string, string][] = [
    ['POST', '/api/v1/namespaces/default/configmaps', '{"metadata":'],
    ['POST', '/api/v1/namespaces/default/configmaps', '[1,2,3]'],
    ['POST', '/api/v1/namespaces/default/configmaps', 'null'],
    ['POST', '/api/v1/namespaces/default/configmaps', '"text"'],
    ['POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":42}}'],
    ['POST', '/api/v1/namespaces/default/configmaps', '{"metadata":"x"}'],
    [
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"metadata":{"name":"ok-1","labels":{"a":1}}}',
    ],
    ['POST', '/api/v1/namespaces/default/configmaps', ''],
    [
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      '{"metadata":{"name":"d"},"spec":{"replicas":-1}}',
    ],
    [
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      '{"metadata":{"name":"d"},"spec":"x"}',
    ],
    ['PUT', '/api/v1/namespaces/default/pods/toolbox', '{"metadata":{"name":"other"}}'],
    ['PATCH', '/api/v1/namespaces/default/pods/toolbox', '{not json'],
    ['PATCH', '/api/v1/namespaces/default/pods/toolbox', '[{"op":"explode"}]'],
    ['DELETE', '/api/v1/namespaces/default/pods/toolbox', '{"propagationPolicy":"Sideways"}'],
    ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '{"spec":{}}'],
  ];
  const patchTypes = [
    'application/merge-patch+json',
    'application/json-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ];

  it('answers malformed bodies with a 4xx Status, never a crash', async () => {
    for (const [method, path, body] of bodies) {
      const headers: Record<string, string> =
        method === 'PATCH'
          ? { 'Content-Type': body.startsWith('[') ? (patchTypes[1] ?? '') : (patchTypes[0] ?? '') }
          : {};
      const reply = await call(sandbox, method, path, {
        body: body === '' ? Buffer.alloc(0) : body,
        headers,
      });
      assert.ok(
        [400, 404, 415, 422].includes(reply.status),
        `${method} ${path} ${body} → ${reply.status} ${reply.text}`,
      );
      assert.equal(reply.json().kind, 'Status');
    }
    for (const type of patchTypes) {
      for (const body of ['{', '[', '{"spec": {"replicas": "many"}}', '- a\n- b\n', '"x"']) {
        const reply = await call(
          sandbox,
          'PATCH',
          '/apis/apps/v1/namespaces/payments/deployments/api?fieldManager=t',
          { body, headers: { 'Content-Type': type } },
        );
        assert.ok(reply.status < 500, `${type} ${body} → ${reply.status} ${reply.text}`);
      }
    }
    assert.equal((await call(sandbox, 'GET', '/healthz')).status, 200);
  });

  it('answers unreadable protobuf bodies with 400 and unsupported kinds with 415', async () => {
    const headers = { 'Content-Type': 'application/vnd.kubernetes.protobuf' };
    const garbage = await call(sandbox, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: Buffer.from('not protobuf'),
      headers,
    });
    assert.equal(garbage.status, 400);
    const truncated = await call(sandbox, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f, 0x01]),
      headers,
    });
    assert.equal(truncated.status, 400);
    // "k8s\0" + Unknown{typeMeta{apiVersion "v1", kind "Widget"}}
    const typeMeta = Buffer.from([0x0a, 0x02, 0x76, 0x31, 0x12, 0x06, ...Buffer.from('Widget')]);
    const widget = Buffer.concat([
      Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, typeMeta.length]),
      typeMeta,
    ]);
    const unsupported = await call(sandbox, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: widget,
      headers,
    });
    assert.equal(unsupported.status, 415);
    assert.equal(unsupported.json().reason, 'UnsupportedMediaType');
  });

  it('refuses absurdly deep nesting with 400', async () => {
    const deep = `{"metadata":{"name":"deep"},"data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const reply = await call(sandbox, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: deep,
    });
    assert.equal(reply.status, 400);
    const patch = await call(sandbox, 'PATCH', '/api/v1/namespaces/default/pods/toolbox', {
      body: `{"metadata":{"labels":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}}`,
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    assert.equal(patch.status, 400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = JSON.stringify({
      metadata: { name: 'big' },
      data: { x: 'y'.repeat(4 * 1024 * 1024) },
    });
    const reply = await call(sandbox, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: big,
    }).catch(() => undefined);
    // Either the 413 arrives or the server hung up on the upload; it must still be serving.
    if (reply) assert.equal(reply.status, 413);
    assert.equal((await call(sandbox, 'GET', '/healthz')).status, 200);
  });

  it('answers unknown paths and resources with 404 Status', async () => {
    for (const path of [
      '/api/v2',
      '/apis/apps/v1/widgets',
      '/nothing/here',
      '/api/v1/namespaces/default/pods/toolbox/exec/extra',
    ]) {
      const reply = await call(sandbox, 'GET', path);
      assert.equal(reply.status, 404, path);
    }
  });
});

describe('load', () => {
  it('survives 1,000 concurrent requests on loopback', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        if (i % 4 === 0)
          return call(sandbox, 'GET', '/api/v1/pods', { agent, headers: { Accept: TABLE_ACCEPT } });
        if (i % 4 === 1)
          return call(sandbox, 'GET', '/apis/apps/v1/namespaces/payments/deployments/api', {
            agent,
          });
        if (i % 4 === 2)
          return call(sandbox, 'POST', '/api/v1/namespaces/default/configmaps', {
            agent,
            body: { metadata: { generateName: 'load-' } },
          });
        return call(sandbox, 'GET', '/api/v1/namespaces/default/configmaps?limit=5', { agent });
      }),
    );
    agent.destroy();
    const elapsed = Date.now() - started;
    assert.ok(
      replies.every((r) => r.status === 200 || r.status === 201),
      'every request succeeded',
    );
    assert.equal(replies.filter((r) => r.status === 201).length, 250);
    assert.ok(elapsed < 45_000, `took ${elapsed} ms`);
    const list = (
      await call(sandbox, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=')
    ).json();
    assert.equal((list.items as unknown[]).length, 250);
  });
});
