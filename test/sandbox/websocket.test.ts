/**
 * The sandbox's exec/attach WebSocket endpoint at the protocol level (what kubectl does not
 * show): the error channel of each protocol version, v5's close-stdin message, refusals as a
 * Status before any upgrade, and stop() ending open sessions.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let ca: Buffer;

before(async () => {
  sandbox = await startSandbox();
  const config = parse(readFileSync(sandbox.kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { 'certificate-authority-data': string } }[];
  };
  ca = Buffer.from(config.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
});
after(async () => {
  await sandbox.stop();
});

function execUrl(command: string[], extra = 'stdout=true&stderr=true'): string {
  const query = command.map((c) => `command=${encodeURIComponent(c)}`).join('&');
  return `${sandbox.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/toolbox/exec?${query}&${extra}`;
}

interface Session {
  ws: WebSocket;
  frames: Map<number, Buffer[]>;
  closed: Promise<number>;
}

function open(url: string, protocol: string, token = sandbox.token): Promise<Session> {
  const ws = new WebSocket(url, [protocol], { ca, headers: { Authorization: `Bearer ${token}` } });
  const frames = new Map<number, Buffer[]>();
  ws.on('message', (data: Buffer) => {
    const channel = data[0] ?? -1;
    frames.set(channel, [...(frames.get(channel) ?? []), data.subarray(1)]);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(new Error(`${res.statusCode} ${body}`)));
    });
    ws.once('error', reject);
  });
}

const text = (s: Session, channel: number): string =>
  Buffer.concat(s.frames.get(channel) ?? []).toString('utf8');

describe('exec over WebSocket', () => {
  it('v4: a non-zero exit is a NonZeroExitCode Status with the code as its cause', async () => {
    const s = await open(execUrl(['sh', '-c', 'echo o; echo e >&2; exit 3']), 'v4.channel.k8s.io');
    assert.equal(s.ws.protocol, 'v4.channel.k8s.io');
    assert.equal(await s.closed, 1000);
    assert.equal(text(s, 1), 'o\n');
    assert.equal(text(s, 2), 'e\n');
    const status = JSON.parse(text(s, 3)) as Record<string, unknown>;
    assert.equal(status.status, 'Failure');
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details, { causes: [{ reason: 'ExitCode', message: '3' }] });
  });

  it('v5: success is a Success Status; the close message ends stdin', async () => {
    const s = await open(execUrl(['cat'], 'stdin=true&stdout=true'), 'v5.channel.k8s.io');
    s.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('abc')]));
    s.ws.send(Buffer.from([255, 0]));
    await s.closed;
    assert.equal(text(s, 1), 'abc');
    assert.deepEqual(JSON.parse(text(s, 3)), { metadata: {}, status: 'Success' });
  });

  it('channel.k8s.io (v1): the error channel is plain text; success sends nothing', async () => {
    const failed = await open(execUrl(['false']), 'channel.k8s.io');
    await failed.closed;
    assert.match(text(failed, 3), /^command terminated with non-zero exit code: .*exit code 1$/);
    const passed = await open(execUrl(['true']), 'v2.channel.k8s.io');
    await passed.closed;
    assert.equal(passed.frames.has(3), false);
  });

  it('with a tty, stderr is merged and newlines are CRLF; a resize is accepted', async () => {
    const s = await open(
      execUrl(['sh', '-c', 'echo a; echo b >&2'], 'stdout=true&tty=true'),
      'v5.channel.k8s.io',
    );
    s.ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":100,"Height":40}')]));
    await s.closed;
    assert.equal(text(s, 1), 'a\r\nb\r\n');
  });

  it('refuses before upgrading: no token, viewer, an unknown protocol, no command', async () => {
    await assert.rejects(
      open(execUrl(['ls']), 'v5.channel.k8s.io', 'wrong'),
      /^Error: 401 .*Unauthorized/,
    );
    await assert.rejects(
      open(execUrl(['ls']), 'v5.channel.k8s.io', sandbox.viewerToken),
      /^Error: 403 .*cannot create resource \\"pods\/exec\\"/,
    );
    await assert.rejects(
      open(execUrl(['ls']), 'base64.channel.k8s.io'),
      /^Error: 400 .*none of the WebSocket subprotocols/,
    );
    await assert.rejects(
      open(execUrl([]), 'v5.channel.k8s.io'),
      /^Error: 400 .*you must specify at least 1 command/,
    );
  });

  it('a plain POST (no upgrade) is a 400; an upgrade without a transport is a 400 Status', async () => {
    const post = (headers: Record<string, string>): Promise<[number, string]> =>
      new Promise((resolve, reject) => {
        const req = request(
          execUrl(['ls']).replace('wss', 'https'),
          { method: 'POST', ca, headers: { Authorization: `Bearer ${sandbox.token}`, ...headers } },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve([res.statusCode ?? 0, body]));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const [code, body] = await post({});
    assert.equal(code, 400);
    assert.match(body, /Upgrade request required/);
    const [other, otherBody] = await post({ Connection: 'Upgrade', Upgrade: 'h2c' });
    assert.equal(other, 400);
    assert.match(otherBody, /"kind":"Status".*upgrade to h2c is not supported/);
  });
});

describe('either side may end a session', () => {
  it('the 101 carries the Audit-Id; a client hanging up mid-command is audited as 101', async () => {
    const auditID = 'ws-hangup-0001';
    const ws = new WebSocket(execUrl(['sleep', '600']), ['v5.channel.k8s.io'], {
      ca,
      headers: { Authorization: `Bearer ${sandbox.token}`, 'Audit-ID': auditID },
    });
    const upgraded = new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('upgrade', (res) => resolve(res.headers));
      ws.once('error', reject);
    });
    const opened = new Promise((resolve) => ws.once('open', resolve));
    assert.equal((await upgraded)['audit-id'], auditID);
    await opened;
    ws.close();
    await new Promise((resolve) => ws.once('close', resolve));
    // The line is written when the server's side of the socket closes: wait for it, bounded.
    let line: { responseStatus: { code: number } } | undefined;
    for (let i = 0; i < 100 && !line; i++) {
      const found = readFileSync(sandbox.auditLogPath, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { auditID: string; responseStatus: { code: number } })
        .find((l) => l.auditID === auditID);
      if (found) line = found;
      else await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(line?.responseStatus.code, 101);
  });
});

describe('sandbox.stop()', () => {
  it('ends an open session', async () => {
    const own = await startSandbox();
    const config = parse(readFileSync(own.kubeconfigPath, 'utf8')) as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
    };
    const ownCa = Buffer.from(
      config.clusters[0]?.cluster['certificate-authority-data'] ?? '',
      'base64',
    );
    const url = `${own.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/toolbox/exec?command=sleep&command=600&stdout=true`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io'], {
      ca: ownCa,
      headers: { Authorization: `Bearer ${own.token}` },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise((resolve) => ws.on('close', resolve));
    ws.on('error', () => undefined);
    await own.stop();
    await closed;
    assert.equal(ws.readyState, WebSocket.CLOSED);
  });
});
