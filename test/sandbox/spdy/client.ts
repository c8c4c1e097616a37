/**
 * A bare SPDY/3.1 client for the transport's tests: raw frames on a loopback socket, so
 * tests can send what kubectl would — and what a hostile client would.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  FrameReader,
  synStreamFrame,
  type Frame,
} from '../../../src/sandbox/streams/spdy/frames.js';
import { HeaderDeflater, HeaderInflater } from '../../../src/sandbox/streams/spdy/headers.js';
import { serveSpdy, type SpdyRequest } from '../../../src/sandbox/streams/spdy/index.js';
import type { ContainerRuntime } from '../../../src/sandbox/streams/types.js';

export interface Client {
  socket: Socket;
  frames: Frame[];
  /** Resolves with the first frame (from now on or already read) that matches. */
  waitFor(match: (frame: Frame) => boolean): Promise<Frame>;
  open(id: number, headers: Record<string, string>, fin?: boolean): Promise<void>;
  send(bytes: Buffer): void;
  /** Data received on a stream, up to its FIN. */
  readStream(id: number): Promise<string>;
  closed: Promise<void>;
}

/** A loopback listener that serves each connection as one SPDY session. */
export async function spdyServer(
  protocol: string,
  request: SpdyRequest,
  runtime: ContainerRuntime,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => void serveSpdy(socket, protocol, request, runtime));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

export async function spdyClient(port: number): Promise<Client> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const reader = new FrameReader();
  const deflater = new HeaderDeflater();
  const inflater = new HeaderInflater();
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const frame of reader.push(chunk)) {
      // Keep the shared zlib context in step with the server's header blocks.
      if (frame.kind === 'syn_reply' || frame.kind === 'headers') void inflater.read(frame.block);
      frames.push(frame);
      for (const waiter of waiters.filter((w) => w.match(frame))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined);
  const waitFor = (match: (f: Frame) => boolean): Promise<Frame> => {
    const seen = frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiters.push({ match, resolve }));
  };
  return {
    socket,
    frames,
    waitFor,
    closed,
    async open(id, headers, fin = false) {
      socket.write(synStreamFrame(id, await deflater.write(headers), fin));
    },
    send: (bytes) => void socket.write(bytes),
    async readStream(id) {
      await waitFor((f) => f.kind === 'data' && f.streamId === id && f.fin);
      return Buffer.concat(
        frames.flatMap((f) => (f.kind === 'data' && f.streamId === id ? [f.data] : [])),
      ).toString('utf8');
    },
  };
}
