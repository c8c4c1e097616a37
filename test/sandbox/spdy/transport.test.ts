/**
 * The SPDY transports in the sandbox's upgrade entry, driven by hand: the handshake (101 with
 * the chosen protocol, or the kubelet's 403 when none is shared), the tunnel taking only
 * port-forward, and a session on the upgraded socket.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { FrameReader, pingFrame } from '../../../src/sandbox/streams/spdy/frames.js';

let sandbox: Sandbox;
let ca: Buffer;
/** A pod of payments/api, whose containers declare port 8080. */
let portForwardPath = '';

function get(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`${sandbox.url}${path}`, { ca, headers: { Authorization: `Bearer ${sandbox.token}` } })
      .on('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (text: string) => (body += text));
        res.on('end', () => resolve(body));
      })
      .on('error', reject)
      .end();
  });
}

before(async () => {
  sandbox = await startSandbox();
  const config = parse(readFileSync(sandbox.kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { 'certificate-authority-data': string } }[];
  };
  ca = Buffer.from(config.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
  const pods = JSON.parse(
    await get('/api/v1/namespaces/payments/pods?labelSelector=app%3Dapi'),
  ) as {
    items: { metadata: { name: string } }[];
  };
  portForwardPath = `/api/v1/namespaces/payments/pods/${pods.items[0]?.metadata.name}/portforward`;
});
after(async () => {
  await sandbox.stop();
});

type Answer =
  | { upgraded: true; res: IncomingMessage; socket: Socket }
  | { upgraded: false; res: IncomingMessage; body: string };

function upgrade(method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${sandbox.url}${path}`, {
      method,
      ca,
      headers: { Authorization: `Bearer ${sandbox.token}`, Connection: 'Upgrade', ...headers },
    });
    req.on('upgrade', (res, socket) => resolve({ upgraded: true, res, socket: socket as Socket }));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (text: string) => (body += text));
      res.on('end', () => resolve({ upgraded: false, res, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const EXEC = '/api/v1/namespaces/default/pods/toolbox/exec?command=true&stdout=true';

describe('SPDY upgrade', () => {
  it('answers 101 with the first protocol of the client’s it speaks, then speaks SPDY', async () => {
    const answer = await upgrade('POST', EXEC, {
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': 'v5.channel.k8s.io, v4.channel.k8s.io, channel.k8s.io',
    });
    assert.ok(answer.upgraded);
    assert.equal(answer.res.statusCode, 101);
    assert.equal(answer.res.headers['x-stream-protocol-version'], 'v4.channel.k8s.io');
    assert.equal(answer.res.headers.upgrade, 'SPDY/3.1');
    assert.match(String(answer.res.headers['audit-id']), /^[0-9a-f-]{36}$/);
    answer.socket.write(pingFrame(1));
    const reader = new FrameReader();
    const pong = await new Promise((resolve) =>
      answer.socket.on('data', (chunk: Buffer) => resolve(reader.push(chunk)[0])),
    );
    assert.deepEqual(pong, { kind: 'ping', id: 1 });
    answer.socket.destroy();
  });

  it('refuses with the kubelet’s 403 when no protocol is shared', async () => {
    const answer = await upgrade('POST', EXEC, {
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': 'v9.channel.k8s.io',
    });
    assert.equal(answer.upgraded, false);
    assert.equal(answer.res.statusCode, 403);
    const status = JSON.parse(answer.upgraded ? '{}' : answer.body) as { message: string };
    assert.equal(
      status.message,
      'unable to upgrade: unable to negotiate protocol: client supports [v9.channel.k8s.io], ' +
        'server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]',
    );
  });

  it('port-forward speaks portforward.k8s.io only', async () => {
    const refused = await upgrade('POST', portForwardPath, {
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': 'v4.channel.k8s.io',
    });
    assert.equal(refused.res.statusCode, 403);
    const answer = await upgrade('POST', portForwardPath, {
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': 'portforward.k8s.io',
    });
    assert.equal(answer.res.headers['x-stream-protocol-version'], 'portforward.k8s.io');
    if (answer.upgraded) answer.socket.destroy();
  });

  it('the WebSocket tunnel carries port-forward only', async () => {
    const answer = await upgrade('GET', EXEC, {
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol': 'SPDY/3.1+portforward.k8s.io',
    });
    assert.equal(answer.res.statusCode, 400);
    assert.match(answer.upgraded ? '' : answer.body, /carries port-forward only/);
  });
});
