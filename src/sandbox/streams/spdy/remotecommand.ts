/**
 * exec and attach over SPDY (the remotecommand protocols `v4.channel.k8s.io` down to
 * `channel.k8s.io`), as the kubelet serves them: the client opens one stream per channel,
 * each named by its `streamType` header; once every expected stream is there the process runs
 * on the container runtime, and its end is reported on the error stream — a JSON Status from
 * v4 on, plain text before (empty means success).
 */
import type { ContainerRuntime, ContainerTarget, ExitStatus, TerminalSize } from '../types.js';
import { errorMessage } from '../websocket.js';
import type { SpdySession } from './session.js';
import type { SpdyStream } from './stream.js';

export const REMOTECOMMAND_PROTOCOLS = [
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
] as const;

export interface RemoteCommandRequest {
  kind: 'exec' | 'attach';
  target: ContainerTarget;
  /** exec only. */
  command: readonly string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** How long the client has to open its streams, as the kubelet's stream creation timeout. */
export const STREAM_WAIT_MS = 30_000;
const MAX_RESIZE_BUFFER = 4096;
/** How long a client may keep the connection after the process ended. */
export const CLOSE_GRACE_MS = 5_000;

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

function expectedStreams(protocol: string, request: RemoteCommandRequest): Set<StreamType> {
  const expected = new Set<StreamType>(['error']);
  if (request.stdin) expected.add('stdin');
  if (request.stdout) expected.add('stdout');
  if (request.stderr && !request.tty) expected.add('stderr');
  const hasResize = protocol === 'v4.channel.k8s.io' || protocol === 'v3.channel.k8s.io';
  if (request.tty && hasResize) expected.add('resize');
  return expected;
}

/**
 * Wires a session to one exec/attach. Returns the stream handler the session calls for each
 * stream the client opens.
 */
export function remoteCommand(
  session: SpdySession,
  protocol: string,
  request: RemoteCommandRequest,
  runtime: ContainerRuntime,
): (stream: SpdyStream) => boolean {
  const expected = expectedStreams(protocol, request);
  const streams = new Map<StreamType, SpdyStream>();
  let started = false;
  const timer = setTimeout(() => session.close(), STREAM_WAIT_MS);
  timer.unref();
  session.onClose(() => clearTimeout(timer));

  const start = (): void => {
    started = true;
    clearTimeout(timer);
    void run(session, protocol, request, runtime, streams);
  };

  return (stream) => {
    const type = stream.header('streamtype') as StreamType | undefined;
    if (started || type === undefined || !expected.has(type) || streams.has(type)) return false;
    streams.set(type, stream);
    // Nothing is read from the output streams: whatever a client sends on them is dropped,
    // so it cannot fill a buffer and stall the connection.
    if (type !== 'stdin' && type !== 'resize') stream.resume();
    if (streams.size === expected.size) queueMicrotask(start);
    return true;
  };
}

async function run(
  session: SpdySession,
  protocol: string,
  request: RemoteCommandRequest,
  runtime: ContainerRuntime,
  streams: Map<StreamType, SpdyStream>,
): Promise<void> {
  const stdout = streams.get('stdout');
  const stderr = streams.get('stderr');
  const resize = streams.get('resize');
  const io = {
    tty: request.tty,
    ...(streams.get('stdin') && { stdin: streams.get('stdin') }),
    ...(stdout && { stdout }),
    ...(stderr && { stderr }),
    ...(resize && {
      onResize: (handler: (size: TerminalSize) => void) => readSizes(resize, handler),
    }),
  };
  let status: ExitStatus;
  try {
    status =
      request.kind === 'exec'
        ? await runtime.exec(request.target, request.command, io)
        : await runtime.attach(request.target, io);
  } catch {
    status = { failure: 'the container runtime failed' };
  }
  const finished = [stdout, stderr].filter((s) => s !== undefined).map((s) => endStream(s));
  await Promise.all(finished);
  const error = streams.get('error');
  if (error) {
    // The same words as the WebSocket transport's error channel.
    await endStream(error, errorMessage(protocol, status, request.command));
  }
  // kubectl closes the connection once it has read the error stream; closing first races its
  // last writes (the initial terminal size, stdin) into "EOF" errors on its terminal. A
  // client that keeps it open is disconnected after a grace period.
  const grace = setTimeout(() => session.close(), CLOSE_GRACE_MS);
  grace.unref();
  session.onClose(() => clearTimeout(grace));
}

function endStream(stream: SpdyStream, last?: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.once('close', resolve);
    stream.end(last ?? '', () => resolve());
  });
}

/** Resize messages: JSON objects `{"Width":w,"Height":h}`, one per line (Go's json.Encoder). */
function readSizes(stream: SpdyStream, handler: (size: TerminalSize) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    pending += text;
    if (pending.length > MAX_RESIZE_BUFFER) {
      stream.destroy();
      return;
    }
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const size = parseSize(line);
      if (size) handler(size);
    }
  });
}

function parseSize(line: string): TerminalSize | undefined {
  try {
    const value = JSON.parse(line) as { Width?: unknown; Height?: unknown };
    const { Width: width, Height: height } = value;
    const ok = (n: unknown): n is number =>
      Number.isInteger(n) && (n as number) >= 0 && (n as number) < 65536;
    return ok(width) && ok(height) ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
