/**
 * Exec and attach sessions recorded at the gateway, and what every upgraded connection leaves
 * on record: a scripted WebSocket exec (`v5.channel.k8s.io`) through `iddio serve` is stored
 * as an asciicast whose SHA-256 is the `completed` event's `recording` (the chain verifies);
 * its stdin, stdout, stderr, resizes and exit code are in it. Streams that cannot be read
 * (SPDY/3.1, an unknown subprotocol) are refused under `recording.interactive: required` and
 * forwarded with a note under `best-effort`; port-forward's bytes each way are counted, for
 * as long as the forward lives; a malformed frame ends its connection, not the gateway.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { verifyLog } from '../../src/audit/verify-log.js';
import { pythonVerify } from '../audit/helpers/log.js';
import { runIddio } from '../helpers/cli.js';
import { readRecording, recordingPath } from '../../src/recording/store.js';
import {
  auditEvents,
  eventually,
  gatewayFor,
  streamsOf,
  type LoggedEvent,
  type TestGateway,
} from './helpers.js';
import { streamUpstream, type StreamUpstream } from './stream-upstream.js';

const EXEC = '/api/v1/namespaces/payments/pods/api/exec?command=sh&stdin=true&stdout=true&tty=true';
const ALLOW_T4 = 'version: 1\nagents:\n  bot:\n    tiers: { 4: allow }\n';
const required = (extra = ''): string => `${ALLOW_T4}recording:\n  interactive: required\n${extra}`;

function completedOf(gw: TestGateway): Promise<LoggedEvent> {
  return eventually(() => auditEvents(gw.paths.auditLog).find((e) => e.stage === 'completed'));
}

/** A WebSocket exec: a resize, three stdin lines, everything read back until the close. */
function wsExec(
  gw: TestGateway,
  protocols: string[],
  lines: string[],
  target = EXEC,
): Promise<{ protocol: string; out: Array<[number, string]>; status?: number }> {
  return new Promise((resolve, reject) => {
    const url = gw.gateway.url.replace('https:', 'wss:') + target;
    const ws = new WebSocket(url, protocols, {
      ca: gw.caCert,
      headers: { Authorization: `Bearer ${gw.token}` },
    });
    const out: Array<[number, string]> = [];
    ws.on('open', () => {
      ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":100,"Height":30}')]));
      for (const line of lines) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(line)]));
    });
    ws.on('message', (data: Buffer) => out.push([data[0] ?? -1, data.subarray(1).toString()]));
    ws.on('unexpected-response', (_req, res) =>
      resolve({ protocol: '', out, status: res.statusCode }),
    );
    ws.on('close', () => resolve({ protocol: ws.protocol, out }));
    ws.on('error', reject);
  });
}

/** A raw upgrade (SPDY, or port-forward) that sends `payload` and reads until it has it back. */
function rawUpgrade(
  gw: TestGateway,
  request: { path: string; upgrade: string; protocol?: string },
  payload: Buffer,
): Promise<{ head: string; body: Buffer }> {
  const url = new URL(gw.gateway.url);
  return new Promise((resolve) => {
    let head = '';
    let body = Buffer.alloc(0);
    const socket = connect({ host: url.hostname, port: Number(url.port), ca: gw.caCert }, () => {
      socket.write(
        `GET ${request.path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gw.token}\r\n` +
          `Connection: Upgrade\r\nUpgrade: ${request.upgrade}\r\n` +
          (request.protocol ? `Sec-WebSocket-Protocol: ${request.protocol}\r\n` : '') +
          '\r\n',
      );
    });
    socket.on('data', (chunk: Buffer) => {
      if (!head.includes('\r\n\r\n')) {
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        body = Buffer.from(head.slice(end + 4), 'latin1');
        head = head.slice(0, end + 4);
        if (head.startsWith('HTTP/1.1 101')) socket.write(payload);
      } else body = Buffer.concat([body, chunk]);
      if (body.length >= payload.length && head.startsWith('HTTP/1.1 101')) {
        socket.end();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ head, body }));
  });
}

/** A port-forward connection: each exchange sends bytes and waits for their echo. */
async function openForward(gw: TestGateway): Promise<{
  head: string;
  exchange(payload: Buffer): Promise<void>;
  close(): Promise<void>;
}> {
  const url = new URL(gw.gateway.url);
  const socket = connect({ host: url.hostname, port: Number(url.port), ca: gw.caCert });
  socket.on('error', () => undefined);
  let head = '';
  let received = 0;
  let waiting: { until: number; resolve: () => void } | undefined;
  const opened = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      if (!head.endsWith('\r\n\r\n')) {
        head += chunk.toString('latin1');
        if (head.endsWith('\r\n\r\n')) resolve();
        return;
      }
      received += chunk.length;
      if (waiting && received >= waiting.until) waiting.resolve();
    });
  });
  socket.write(
    'GET /api/v1/namespaces/payments/pods/api/portforward?ports=8080 HTTP/1.1\r\nHost: x\r\n' +
      `Authorization: Bearer ${gw.token}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n`,
  );
  await opened;
  return {
    head,
    exchange: (payload) =>
      new Promise<void>((resolve) => {
        waiting = { until: received + payload.length, resolve };
        socket.write(payload);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
      }),
  };
}

describe('exec and attach recorded at the gateway', () => {
  let upstream: StreamUpstream;
  before(async () => {
    upstream = await streamUpstream();
  });
  after(() => upstream.close());

  it('records a WebSocket exec as asciicast: stdin, stdout, stderr, resize and exit code, covered by the chain', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: ALLOW_T4 });
    try {
      const session = await wsExec(
        gw,
        ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
        ['hello\n', 'err oops\n', 'exit 3\n'],
      );
      assert.equal(session.protocol, 'v5.channel.k8s.io');
      assert.deepEqual(session.out.slice(0, 2), [
        [1, 'HELLO\n'],
        [2, 'oops\n'],
      ]);
      // The client offered compression; the gateway did not pass the offer on.
      assert.equal(upstream.seen.at(-1)?.['sec-websocket-extensions'], undefined);

      const completed = await completedOf(gw);
      assert.equal(completed.exit_code, 3);
      assert.match(completed.recording ?? '', /^sha256:[0-9a-f]{64}$/);
      const file = recordingPath(gw.paths.sessions, completed.recording ?? '');
      const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      assert.equal(`sha256:${digest}`, completed.recording);
      const report = await verifyLog(gw.paths.auditLog);
      assert.equal(report.ok, true);
      // The standard-library verifier reads the byte counts too.
      assert.equal(pythonVerify(gw.paths.auditLog).ok, true);

      const recording = readRecording(gw.paths.sessions, completed.recording ?? '');
      assert.equal(recording.header.width, 100);
      assert.equal(recording.header.height, 30);
      assert.match(recording.header.command ?? '', /exec -- sh$/);
      assert.deepEqual(streamsOf(recording.events), [
        ['r', '100x30'],
        ['i', 'hello\nerr oops\nexit 3\n'],
        ['o', 'HELLO\n'],
        ['e', 'oops\n'],
      ]);
      // asciinema's format: integer header sizes, [float, code, text] events.
      for (const [seconds, code, text] of recording.events) {
        assert.equal(typeof seconds, 'number');
        assert.equal(typeof code, 'string');
        assert.equal(typeof text, 'string');
      }
      const request = completed.api_requests?.[0];
      assert.equal(request?.status, 101);
      assert.ok((request?.bytes_to_cluster ?? 0) > 0 && (request?.bytes_to_client ?? 0) > 0);

      // `iddio session replay` plays it from the gateway's home.
      const sessionId = (completed as { session?: string }).session ?? '';
      const replay = await runIddio(['session', 'replay', sessionId, '--speed', '100'], {
        env: { IDDIO_HOME: gw.paths.home, HOME: gw.paths.home },
      });
      assert.equal(replay.code, 0, replay.stderr);
      assert.match(replay.stdout, /HELLO\noops\n/);
    } finally {
      await gw.stop();
    }
  });

  it('an exec that exits 0 is recorded with exit code 0', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: required() });
    try {
      await wsExec(gw, ['v4.channel.k8s.io'], ['hi\n', 'exit 0\n']);
      const completed = await completedOf(gw);
      assert.equal(completed.exit_code, 0);
      const recording = readRecording(gw.paths.sessions, completed.recording ?? '');
      assert.deepEqual(
        recording.events.filter(([, code]) => code === 'o').map(([, , text]) => text),
        ['HI\n'],
      );
    } finally {
      await gw.stop();
    }
  });

  it('records an attach the same way', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: required() });
    try {
      const attach = '/api/v1/namespaces/payments/pods/api/attach?stdin=true&stdout=true&tty=true';
      await wsExec(gw, ['v5.channel.k8s.io'], ['up\n', 'exit 0\n'], attach);
      const completed = await completedOf(gw);
      assert.equal(completed.verb, 'attach');
      assert.equal(completed.exit_code, 0);
      const recording = readRecording(gw.paths.sessions, completed.recording ?? '');
      assert.match(
        recording.header.command ?? '',
        /^GET \/api\/v1\/namespaces\/payments\/pods\/api\/attach$/,
      );
      assert.deepEqual(streamsOf(recording.events), [
        ['r', '100x30'],
        ['i', 'up\nexit 0\n'],
        ['o', 'UP\n'],
      ]);
    } finally {
      await gw.stop();
    }
  });

  it('recording.interactive: required refuses a SPDY exec with a 403 naming iddio and why, on record', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: required() });
    const before = upstream.seen.length;
    try {
      const { head, body } = await rawUpgrade(
        gw,
        { path: EXEC, upgrade: 'SPDY/3.1', protocol: 'v4.channel.k8s.io' },
        Buffer.from('x'),
      );
      assert.match(head, /^HTTP\/1\.1 403 Forbidden\r\n/);
      const status = JSON.parse(body.toString()) as { message: string };
      assert.match(status.message, /^iddio: denied: exec sessions must be recorded/);
      assert.match(status.message, /SPDY\/3\.1 streams are not parsed for recording/);
      assert.equal(upstream.seen.length, before, 'never reached the cluster');
      const decided = await eventually(() =>
        auditEvents(gw.paths.auditLog).find((e) => e.stage === 'decided'),
      );
      assert.equal(decided.decision, 'deny');
      assert.match(decided.reason ?? '', /recording\.interactive: required.*SPDY/);
      assert.match(decided.reason ?? '', /\(policy recording\.interactive\)$/);
    } finally {
      await gw.stop();
    }
  });

  it('required refuses an upgrade through a proxy subresource (the kubelet exec behind nodes/proxy)', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: required() });
    const before = upstream.seen.length;
    try {
      const { head, body } = await rawUpgrade(
        gw,
        {
          path: '/api/v1/nodes/node-1/proxy/exec/payments/api/app?command=sh&input=1',
          upgrade: 'websocket',
          protocol: 'v4.channel.k8s.io',
        },
        Buffer.from('x'),
      );
      assert.match(head, /^HTTP\/1\.1 403 Forbidden\r\n/);
      const status = JSON.parse(body.toString()) as { message: string };
      assert.match(status.message, /an upgraded proxy connection is not parsed for recording/);
      assert.equal(upstream.seen.length, before, 'never reached the cluster');
    } finally {
      await gw.stop();
    }
  });

  it('required ends a session at the recording size cap; best-effort goes on and says so', async () => {
    const line = `${'a'.repeat(2000)}\n`;
    const capped = await gatewayFor(upstream.kubeconfig, {
      policy: required('  max_bytes: 1KB\n'),
    });
    try {
      const result = await wsExec(capped, ['v5.channel.k8s.io'], ['short\n', line, 'exit 0\n']);
      assert.ok(!result.out.some(([, text]) => text.includes('AAAA')), 'the long line never ran');
      const completed = await completedOf(capped);
      assert.match(
        completed.reason ?? '',
        /recording size cap \(recording\.max_bytes\); what follows/,
      );
    } finally {
      await capped.stop();
    }
    const lenient = await gatewayFor(upstream.kubeconfig, {
      policy: `${ALLOW_T4}recording:\n  max_bytes: 1KB\n`,
    });
    try {
      const result = await wsExec(lenient, ['v5.channel.k8s.io'], ['short\n', line, 'exit 0\n']);
      assert.ok(result.out.some(([, text]) => text.includes('AAAA')));
      const completed = await completedOf(lenient);
      assert.match(completed.reason ?? '', /recording size cap .*the rest of it was not recorded/);
    } finally {
      await lenient.stop();
    }
  });

  it('stopping the gateway ends an open session, and its completed event is still written', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: ALLOW_T4 });
    const before = upstream.seen.length;
    // A session that never exits by itself.
    const session = wsExec(gw, ['v5.channel.k8s.io'], ['hello\n']);
    await eventually(() => (upstream.seen.length > before ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gw.stop();
    const ended = await session;
    assert.ok(ended.out.some(([, text]) => text === 'HELLO\n'));
    const completed = await completedOf(gw);
    assert.ok(completed.api_requests?.some((r) => r.status === 101));
  });

  it('best-effort (the default) forwards a SPDY exec, and its completed event says it was not recorded', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: ALLOW_T4 });
    try {
      const payload = Buffer.from('spdy frames, opaque to iddio');
      const { head, body } = await rawUpgrade(gw, { path: EXEC, upgrade: 'SPDY/3.1' }, payload);
      assert.match(head, /^HTTP\/1\.1 101 /);
      assert.deepEqual(body, payload);
      const completed = await completedOf(gw);
      assert.equal(completed.recording, undefined);
      assert.match(
        completed.reason ?? '',
        /the exec session was not recorded: SPDY\/3\.1 streams are not parsed for recording/,
      );
      assert.equal(completed.api_requests?.[0]?.bytes_to_cluster, payload.length);
    } finally {
      await gw.stop();
    }
  });

  it('a WebSocket subprotocol iddio cannot read: refused under required, forwarded with a note under best-effort', async () => {
    const strict = await gatewayFor(upstream.kubeconfig, { policy: required() });
    try {
      const refused = await wsExec(strict, ['x.unknown.k8s.io'], ['exit 0\n']);
      assert.equal(refused.status, 403);
    } finally {
      await strict.stop();
    }
    const lenient = await gatewayFor(upstream.kubeconfig, { policy: ALLOW_T4 });
    try {
      const session = await wsExec(lenient, ['x.unknown.k8s.io'], ['exit 0\n']);
      assert.equal(session.protocol, 'x.unknown.k8s.io');
      const completed = await completedOf(lenient);
      assert.match(
        completed.reason ?? '',
        /subprotocol x\.unknown\.k8s\.io is not one iddio can read/,
      );
      assert.equal(completed.recording, undefined);
    } finally {
      await lenient.stop();
    }
  });

  it('under required, a client offering readable and unreadable subprotocols gets a readable one', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: required() });
    try {
      const session = await wsExec(gw, ['x.unknown.k8s.io', 'v4.channel.k8s.io'], ['exit 0\n']);
      assert.equal(session.protocol, 'v4.channel.k8s.io');
      assert.equal(upstream.seen.at(-1)?.['sec-websocket-protocol'], 'v4.channel.k8s.io');
      assert.match((await completedOf(gw)).recording ?? '', /^sha256:/);
    } finally {
      await gw.stop();
    }
  });

  it('under required, a cluster that chooses an unreadable subprotocol anyway is refused before the client sees its 101', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: required() });
    try {
      const refused = await wsExec(gw, ['v5.channel.k8s.io'], ['exit 0\n'], `${EXEC}&rogue=1`);
      assert.equal(refused.status, 403);
      const completed = await completedOf(gw);
      assert.equal(completed.exit_code, 1);
      assert.match(
        completed.reason ?? '',
        /refused after the cluster's answer: the cluster chose the WebSocket subprotocol x\.rogue\.k8s\.io/,
      );
      assert.equal(completed.api_requests?.[0]?.status, 403);
    } finally {
      await gw.stop();
    }
  });

  it('a refused exec leaves no "not recorded" note: nothing was opened', async () => {
    const gw = await gatewayFor(upstream.kubeconfig);
    try {
      const { head } = await rawUpgrade(gw, { path: EXEC, upgrade: 'SPDY/3.1' }, Buffer.from('x'));
      assert.match(head, /^HTTP\/1\.1 403 /);
      // The refused command completes too (its request is listed with its 403).
      assert.equal((await completedOf(gw)).api_requests?.[0]?.status, 403);
      const events = auditEvents(gw.paths.auditLog);
      assert.equal(
        events.some((e) => /not recorded/.test(e.reason ?? '')),
        false,
      );
    } finally {
      await gw.stop();
    }
  });

  it('a sessions folder that cannot be written: required refuses the exec; best-effort runs it and says the recording was not stored', async () => {
    const strict = await gatewayFor(upstream.kubeconfig, { policy: required() });
    const lenient = await gatewayFor(upstream.kubeconfig, { policy: ALLOW_T4 });
    // A file where the folder should be: no user, root included, can store a recording there.
    for (const gw of [strict, lenient]) writeFileSync(gw.paths.sessions, 'not a folder');
    try {
      const refused = await wsExec(strict, ['v5.channel.k8s.io'], ['exit 0\n']);
      assert.equal(refused.status, 403);
      const decided = await eventually(() =>
        auditEvents(strict.paths.auditLog).find((e) => e.stage === 'decided'),
      );
      assert.equal(decided.decision, 'deny');
      assert.match(decided.reason ?? '', /recordings cannot be stored in/);

      const session = await wsExec(lenient, ['v5.channel.k8s.io'], ['hi\n', 'exit 0\n']);
      assert.equal(session.protocol, 'v5.channel.k8s.io');
      const completed = await completedOf(lenient);
      assert.equal(completed.exit_code, 0);
      assert.equal(completed.recording, undefined);
      assert.match(completed.reason ?? '', /^recording not stored: /);
      assert.equal((await verifyLog(lenient.paths.auditLog)).ok, true);
    } finally {
      await strict.stop();
      await lenient.stop();
    }
  });

  it('a malformed frame from the client ends that connection, not the gateway, and is on record', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: ALLOW_T4 });
    try {
      // An unmasked binary frame: a client must mask every frame it sends.
      const answer = await rawWebSocketExec(gw, Buffer.from([0x82, 0x03, 0x00, 0x68, 0x69]));
      assert.match(answer, /^HTTP\/1\.1 101 /);
      const completed = await completedOf(gw);
      assert.match(
        completed.reason ?? '',
        /the connection was ended: the client sent a WebSocket frame iddio does not pass on \(a client frame is not masked\)/,
      );
      assert.equal(completed.exit_code, 1);
      // The gateway goes on serving.
      const next = await wsExec(gw, ['v5.channel.k8s.io'], ['exit 0\n']);
      assert.equal(next.protocol, 'v5.channel.k8s.io');
    } finally {
      await gw.stop();
    }
  });

  it('a message split in fragments is not passed on: the recording and the cluster could read it apart', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, { policy: required() });
    try {
      // A visible line, then a message whose first fragment names channel 9 (ignored by a
      // reader that joins fragments) and whose continuation carries stdin (channel 0).
      const answer = await rawWebSocketExec(
        gw,
        Buffer.concat([
          maskedFrame(0x82, Buffer.from('\u0000visible\n')),
          maskedFrame(0x02, Buffer.from([9])),
          maskedFrame(0x80, Buffer.from('\u0000hidden\n')),
        ]),
      );
      assert.match(answer, /^HTTP\/1\.1 101 /);
      assert.doesNotMatch(answer, /HIDDEN/, 'the hidden line never reached the cluster');
      const completed = await completedOf(gw);
      assert.match(completed.reason ?? '', /does not pass on \(a fragmented message\)/);
      const recording = readRecording(gw.paths.sessions, completed.recording ?? '');
      assert.deepEqual(
        streamsOf(recording.events).filter(([code]) => code === 'i'),
        [['i', 'visible\n']],
      );
    } finally {
      await gw.stop();
    }
  });
});

describe('port-forward through the gateway', () => {
  let upstream: StreamUpstream;
  before(async () => {
    upstream = await streamUpstream();
  });
  after(() => upstream.close());

  it('counts the bytes each way, and holds its decision for the life of the forward, past the grant', async () => {
    let clock = Date.parse('2026-12-06T10:00:00Z');
    const gw = await gatewayFor(upstream.kubeconfig, {
      policy: ALLOW_T4,
      extra: { now: () => clock },
    });
    try {
      const forward = await openForward(gw);
      assert.match(forward.head, /^HTTP\/1\.1 101 /);
      const first = Buffer.alloc(256 * 1024, 7);
      await forward.exchange(first);
      // Ten minutes on, twice the 5 minutes a decision covers later requests: the forward is
      // still open (no `completed` yet) and still relays.
      clock += 10 * 60_000;
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(
        auditEvents(gw.paths.auditLog).some((e) => e.stage === 'completed'),
        false,
        'the command stays open while its forward lives',
      );
      const second = Buffer.alloc(100 * 1024, 9);
      await forward.exchange(second);
      await forward.close();

      const completed = await completedOf(gw);
      const request = completed.api_requests?.[0];
      const total = first.length + second.length;
      assert.equal(request?.bytes_to_cluster, total);
      assert.equal(request?.bytes_to_client, total);
      assert.equal(upstream.echoed.at(-1), total);
      assert.equal(completed.exit_code, 0);
      assert.equal(completed.recording, undefined);
      assert.equal(completed.reason, undefined, 'port-forward is counted, never "not recorded"');
    } finally {
      await gw.stop();
    }
  });
});

/** A client's WebSocket frame: first byte as given (FIN, opcode), masked payload. */
function maskedFrame(first: number, payload: Buffer): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([first, 0x80 | payload.length]), mask, masked]);
}

/** A WebSocket exec opened by hand: `bytes` are sent once the 101 arrives; resolves with all received. */
function rawWebSocketExec(gw: TestGateway, bytes: Buffer): Promise<string> {
  const url = new URL(gw.gateway.url);
  return new Promise<string>((resolve) => {
    let text = '';
    let sent = false;
    const socket = connect({ host: url.hostname, port: Number(url.port), ca: gw.caCert }, () => {
      socket.write(
        `GET ${EXEC} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gw.token}\r\n` +
          'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          'Sec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n',
      );
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (sent || !text.includes('\r\n\r\n') || !text.startsWith('HTTP/1.1 101')) return;
      sent = true;
      socket.write(bytes);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
  });
}
