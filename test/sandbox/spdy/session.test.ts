import assert from 'node:assert/strict';
import type { Server } from 'node:net';
import { Duplex } from 'node:stream';
import fc from 'fast-check';
import { after, before, describe, it } from 'node:test';
import {
  dataFrame,
  goAwayFrame,
  pingFrame,
  rstStreamFrame,
  settingsFrame,
  windowUpdateFrame,
  type Frame,
} from '../../../src/sandbox/streams/spdy/frames.js';
import {
  negotiate,
  REMOTECOMMAND_PROTOCOLS,
  serveSpdy,
} from '../../../src/sandbox/streams/spdy/index.js';
import { spdyClient, spdyServer } from './client.js';
import { testRuntime } from './helpers.js';

const target = { namespace: 'default', pod: 'toolbox' };
const exec = (command: string[], stdin = false) =>
  ({ kind: 'exec', target, command, stdin, stdout: true, stderr: true, tty: false }) as const;
const isRst = (id: number) => (f: Frame) => f.kind === 'rst_stream' && f.streamId === id;
const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function serve(...args: Parameters<typeof spdyServer>): Promise<number> {
  const { server, port } = await spdyServer(...args);
  servers.push(server);
  return port;
}

describe('SPDY session: exec (remotecommand v4)', () => {
  let port = 0;
  before(async () => {
    port = await serve('v4.channel.k8s.io', exec(['exit', '7']), testRuntime());
  });

  it('replies to each stream, runs once all are open, reports the exit code as a Status', async () => {
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.open(3, { streamType: 'stdout' });
    await client.open(5, { streamType: 'stderr' });
    const status = JSON.parse(await client.readStream(1)) as Record<string, unknown>;
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details, { causes: [{ reason: 'ExitCode', message: '7' }] });
    const replies = client.frames.flatMap((f) => (f.kind === 'syn_reply' ? [f.streamId] : []));
    assert.deepEqual(replies, [1, 3, 5]);
    // The client resets its streams and says goodbye once it has the status (as kubectl does);
    // the server ends the connection too.
    for (const id of [1, 3, 5]) client.send(rstStreamFrame(id, 5));
    client.send(goAwayFrame(0));
    await client.closed;
  });

  it('refuses a stream of an unknown or repeated type with RST_STREAM REFUSED_STREAM', async () => {
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.open(3, { streamType: 'error' });
    await client.open(5, { streamType: 'video' });
    await client.open(7, {});
    for (const id of [3, 5, 7]) {
      assert.deepEqual(await client.waitFor(isRst(id)), {
        kind: 'rst_stream',
        streamId: id,
        status: 3,
      });
    }
    client.socket.destroy();
  });

  it('refuses stream ids that are even or do not increase (PROTOCOL_ERROR)', async () => {
    const client = await spdyClient(port);
    await client.open(5, { streamType: 'error' });
    await client.open(3, { streamType: 'stdout' });
    await client.open(8, { streamType: 'stdout' });
    assert.equal(((await client.waitFor(isRst(3))) as { status: number }).status, 1);
    assert.equal(((await client.waitFor(isRst(8))) as { status: number }).status, 1);
    client.socket.destroy();
  });

  it('echoes the client’s PINGs, ignores SETTINGS and WINDOW_UPDATE', async () => {
    const client = await spdyClient(port);
    client.send(settingsFrame([[4, 1000]]));
    client.send(windowUpdateFrame(1, 1 << 20));
    client.send(pingFrame(9));
    assert.deepEqual(await client.waitFor((f) => f.kind === 'ping'), { kind: 'ping', id: 9 });
    client.socket.destroy();
  });

  it('tears down a stream the client resets without resetting it back', async () => {
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.waitFor((f) => f.kind === 'syn_reply');
    client.send(rstStreamFrame(1, 5));
    // Frames are handled in order: once the PING is answered, the RST_STREAM was handled.
    client.send(pingFrame(3));
    await client.waitFor((f) => f.kind === 'ping');
    assert.equal(client.frames.filter(isRst(1)).length, 0);
    client.socket.destroy();
  });

  it('ends the connection after the client’s GOAWAY', async () => {
    const client = await spdyClient(port);
    client.send(goAwayFrame(0));
    await client.closed;
  });
});

describe('SPDY session: bad input', () => {
  let port = 0;
  before(async () => {
    port = await serve('v4.channel.k8s.io', exec(['cat'], true), testRuntime());
  });

  const garbage: [string, Buffer][] = [
    ['bytes that are no SPDY', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    [
      'a header block that is not zlib',
      Buffer.from([0x80, 3, 0, 1, 0, 0, 0, 14, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]),
    ],
    ['a frame claiming 16 MiB', Buffer.from([0, 0, 0, 1, 0, 0xff, 0xff, 0xff])],
  ];
  for (const [name, bytes] of garbage) {
    it(`answers ${name} with GOAWAY (PROTOCOL_ERROR) and closes that connection only`, async () => {
      const client = await spdyClient(port);
      client.send(bytes);
      const goaway = await client.waitFor((f) => f.kind === 'goaway');
      assert.equal((goaway as { status: number }).status, 1);
      await client.closed;
      // The server still serves the next connection.
      const next = await spdyClient(port);
      next.send(pingFrame(1));
      await next.waitFor((f) => f.kind === 'ping');
      next.socket.destroy();
    });
  }

  it('survives any sequence of well-framed control and data frames', async () => {
    const frame = fc
      .tuple(fc.boolean(), fc.integer({ min: 0, max: 10 }), fc.uint8Array({ maxLength: 24 }))
      .map(([isControl, type, body]) => {
        const head = isControl
          ? Buffer.from([0x80, 3, 0, type, 0, 0, 0, body.length])
          : Buffer.from([0, 0, 0, type, 0, 0, 0, body.length]);
        return Buffer.concat([head, Buffer.from(body)]);
      });
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { maxLength: 12 }), async (frames) => {
        const socket = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
        const served = serveSpdy(socket, 'v4.channel.k8s.io', exec(['cat'], true), testRuntime());
        for (const bytes of frames) socket.push(bytes);
        await new Promise((resolve) => setImmediate(resolve));
        socket.destroy();
        await served;
      }),
      { numRuns: 300 },
    );
  });

  it('answers data on a stream it does not know with RST_STREAM INVALID_STREAM', async () => {
    const client = await spdyClient(port);
    client.send(dataFrame(41, Buffer.from('x'), false));
    assert.equal(((await client.waitFor(isRst(41))) as { status: number }).status, 2);
    client.socket.destroy();
  });

  it('relays stdin to the process and its output back, FIN for FIN', async () => {
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.open(3, { streamType: 'stdin' });
    await client.open(5, { streamType: 'stdout' });
    await client.open(7, { streamType: 'stderr' });
    await client.waitFor((f) => f.kind === 'syn_reply' && f.streamId === 7);
    client.send(dataFrame(3, Buffer.from('one '), false));
    client.send(dataFrame(3, Buffer.from('two'), true));
    assert.equal(await client.readStream(5), 'one two');
    assert.deepEqual(JSON.parse(await client.readStream(1)), { metadata: {}, status: 'Success' });
    client.socket.destroy();
  });
});

describe('SPDY session: port-forward', () => {
  let port = 0;
  const runtime = testRuntime();
  before(async () => {
    port = await serve('portforward.k8s.io', { kind: 'portforward', target }, runtime);
  });

  it('pairs a data and an error stream by requestID and echoes through the runtime', async () => {
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error', port: '8080', requestID: '0' }, true);
    await client.open(3, { streamType: 'data', port: '8080', requestID: '0' });
    await client.waitFor((f) => f.kind === 'syn_reply' && f.streamId === 3);
    client.send(dataFrame(3, Buffer.from('ping through'), true));
    assert.equal(await client.readStream(3), 'ping through');
    assert.equal(await client.readStream(1), '');
    assert.deepEqual(runtime.connects, [8080]);
    client.socket.destroy();
  });

  it('writes why on the error stream: a bad port, a port nothing listens on', async () => {
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error', port: 'http', requestID: '0' }, true);
    await client.open(3, { streamType: 'data', port: 'http', requestID: '0' });
    assert.match(await client.readStream(1), /invalid port/);
    await client.open(5, { streamType: 'error', port: '1', requestID: '1' }, true);
    await client.open(7, { streamType: 'data', port: '1', requestID: '1' });
    assert.match(
      await client.readStream(5),
      /error forwarding port 1 to pod toolbox: nothing listens/,
    );
    client.socket.destroy();
  });
});

describe('SPDY session: older protocols, tty, attach', () => {
  it('v3 reports a non-zero exit as text on the error stream', async () => {
    const port = await serve('v3.channel.k8s.io', exec(['exit', '4']), testRuntime());
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.open(3, { streamType: 'stdout' });
    await client.open(5, { streamType: 'stderr' });
    assert.equal(
      await client.readStream(1),
      'command terminated with non-zero exit code: error executing command [exit 4], exit code 4',
    );
    client.socket.destroy();
  });

  it('channel.k8s.io (v1) leaves the error stream empty on success', async () => {
    const port = await serve('channel.k8s.io', exec(['echo', 'old']), testRuntime());
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.open(3, { streamType: 'stdout' });
    await client.open(5, { streamType: 'stderr' });
    assert.equal(await client.readStream(3), 'old\n');
    assert.equal(await client.readStream(1), '');
    client.socket.destroy();
  });

  it('with a tty: no stderr stream, terminal sizes from the resize stream reach the process', async () => {
    const runtime = testRuntime();
    const request = { ...exec(['cat'], true), tty: true };
    const port = await serve('v4.channel.k8s.io', request, runtime);
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.open(3, { streamType: 'stdin' });
    await client.open(5, { streamType: 'stdout' });
    await client.open(7, { streamType: 'stderr' }); // not expected with a tty
    await client.open(9, { streamType: 'resize' });
    assert.equal(((await client.waitFor(isRst(7))) as { status: number }).status, 3);
    await client.waitFor((f) => f.kind === 'syn_reply' && f.streamId === 9);
    client.send(dataFrame(9, Buffer.from('{"Width":120,"Height":40}\n{"Width":80,'), false));
    client.send(
      dataFrame(9, Buffer.from('"Height":24}\nnot json\n{"Width":-1,"Height":2}\n'), false),
    );
    client.send(dataFrame(3, Buffer.from('typed'), true));
    assert.equal(await client.readStream(5), 'typed');
    assert.deepEqual(runtime.resizes, [
      { width: 120, height: 40 },
      { width: 80, height: 24 },
    ]);
    client.socket.destroy();
  });

  it('attach runs the container’s process with the same streams', async () => {
    const port = await serve(
      'v4.channel.k8s.io',
      { ...exec([], true), kind: 'attach' },
      testRuntime(),
    );
    const client = await spdyClient(port);
    await client.open(1, { streamType: 'error' });
    await client.open(3, { streamType: 'stdin' });
    await client.open(5, { streamType: 'stdout' });
    await client.open(7, { streamType: 'stderr' });
    await client.waitFor((f) => f.kind === 'syn_reply' && f.streamId === 7);
    client.send(dataFrame(3, Buffer.from('attached'), true));
    assert.equal(await client.readStream(5), 'attached');
    client.socket.destroy();
  });
});

describe('SPDY protocol negotiation', () => {
  const table: [string | string[] | undefined, string | undefined][] = [
    // kubectl 1.32 repeats the header, best first; v5 is WebSocket-only, so v4 it is.
    [['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io'], 'v4.channel.k8s.io'],
    ['v5.channel.k8s.io, v4.channel.k8s.io', 'v4.channel.k8s.io'],
    // The client's order decides among those the server speaks.
    ['channel.k8s.io,v3.channel.k8s.io', 'channel.k8s.io'],
    ['v9.channel.k8s.io', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [offered, chosen] of table) {
    it(`${JSON.stringify(offered)} → ${chosen ?? 'none'}`, () => {
      assert.equal(negotiate(offered, REMOTECOMMAND_PROTOCOLS), chosen);
    });
  }
});
