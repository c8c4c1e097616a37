/**
 * exec and attach over WebSocket, the API server's channel protocols (kubectl 1.30+ tries
 * this first). Each binary message starts with a channel byte: 0 stdin, 1 stdout, 2 stderr,
 * 3 error (v4+: a JSON Status with the exit code; earlier: text), 4 terminal resize (JSON
 * {Width, Height}), and in v5 255 "close channel" (the client's end of stdin).
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ApiError } from '../status.js';
import type { ExitStatus, ProcessStreams, TerminalSize } from './types.js';
import type { StreamRequest, Transport } from './upgrade.js';

/** Ours in order of preference; the client's offer order does not matter, as in the API server. */
export const CHANNEL_PROTOCOLS = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
] as const;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** Larger messages are refused by ws (the client then sees the connection close). */
const MAX_MESSAGE = 16 * 1024 * 1024;

const server = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  maxPayload: MAX_MESSAGE,
  handleProtocols: (offered) => CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false,
});

/** The 101 carries the request's Audit-Id header, as every other answer does. */
const auditIds = new WeakMap<IncomingMessage, string>();
server.on('headers', (headers, req) => {
  const id = auditIds.get(req);
  if (id !== undefined) headers.push(`Audit-Id: ${id}`);
});

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A channel the process writes to: each chunk one message behind its channel byte. */
function channelWriter(ws: WebSocket, channel: number): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (ws.readyState !== ws.OPEN) return callback();
      ws.send(Buffer.concat([Buffer.from([channel]), chunk]), () => callback());
    },
  });
}

/** The error channel's message: a Status from v4 on, plain text before. */
export function errorMessage(
  protocol: string,
  status: ExitStatus,
  command: readonly string[],
): string | undefined {
  const json = protocol === 'v4.channel.k8s.io' || protocol === 'v5.channel.k8s.io';
  if ('failure' in status) {
    if (!json) return status.failure;
    return JSON.stringify({
      metadata: {},
      status: 'Failure',
      message: status.failure,
      reason: 'InternalError',
      code: 500,
    });
  }
  if (status.code === 0)
    return json ? JSON.stringify({ metadata: {}, status: 'Success' }) : undefined;
  const message =
    `command terminated with non-zero exit code: error executing command ` +
    `[${command.join(' ')}], exit code ${status.code}`;
  if (!json) return message;
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(status.code) }] },
  });
}

function finish(stream: Writable | undefined): Promise<void> {
  if (!stream || stream.writableFinished || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('finish', resolve);
    stream.once('close', resolve);
    stream.end();
  });
}

async function serve(ws: WebSocket, request: StreamRequest): Promise<void> {
  const protocol = ws.protocol;
  const stdin = request.stdin ? new PassThrough() : undefined;
  const stdout = request.stdout ? channelWriter(ws, STDOUT) : undefined;
  const stderr = request.stderr && !request.tty ? channelWriter(ws, STDERR) : undefined;
  const resizeHandlers: ((size: TerminalSize) => void)[] = [];
  ws.on('message', (data) => {
    const bytes = toBuffer(data);
    const payload = bytes.subarray(1);
    if (bytes[0] === STDIN) {
      // Back-pressure: a client that sends faster than the program reads waits for it.
      if (stdin && !stdin.writableEnded && !stdin.write(payload)) {
        ws.pause();
        stdin.once('drain', () => ws.resume());
      }
    } else if (bytes[0] === RESIZE) {
      let size: { Width?: unknown; Height?: unknown } = {};
      try {
        size = JSON.parse(payload.toString('utf8')) as typeof size;
      } catch {
        return; // A malformed resize is ignored, as the kubelet ignores it.
      }
      if (typeof size.Width !== 'number' || typeof size.Height !== 'number') return;
      for (const handler of resizeHandlers) handler({ width: size.Width, height: size.Height });
    } else if (bytes[0] === CLOSE && protocol === 'v5.channel.k8s.io' && payload[0] === STDIN) {
      stdin?.end();
    }
  });
  ws.on('close', () => {
    stdin?.destroy();
    stdout?.destroy();
    stderr?.destroy();
  });
  const io: ProcessStreams = {
    stdin,
    stdout,
    stderr,
    tty: request.tty,
    onResize: (handler) => resizeHandlers.push(handler),
  };
  const status =
    request.kind === 'exec'
      ? await request.runtime.exec(request.target, request.command, io)
      : await request.runtime.attach(request.target, io);
  await Promise.all([finish(stdout), finish(stderr)]);
  if (ws.readyState !== ws.OPEN) return;
  const message = errorMessage(protocol, status, request.command);
  if (message !== undefined) ws.send(Buffer.concat([Buffer.from([ERROR]), Buffer.from(message)]));
  ws.close(1000);
}

export const websocketTransport: Transport = (request) => {
  if (request.kind === 'portforward') {
    request.refuse(new ApiError('BadRequest', 'port-forward over WebSocket needs the SPDY tunnel'));
    return;
  }
  if (!CHANNEL_PROTOCOLS.some((p) => request.protocols.includes(p))) {
    request.refuse(
      new ApiError(
        'BadRequest',
        `none of the WebSocket subprotocols offered is supported (${CHANNEL_PROTOCOLS.join(', ')})`,
      ),
    );
    return;
  }
  auditIds.set(request.req, request.auditID);
  server.handleUpgrade(request.req, request.socket, request.head, (ws) => {
    request.upgraded();
    ws.on('error', () => ws.terminate());
    serve(ws, request).catch(() => ws.terminate());
  });
};
