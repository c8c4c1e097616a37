/**
 * port-forward over SPDY (`portforward.k8s.io`), as the kubelet serves it: for each connection
 * kubectl accepts locally it opens an error stream and a data stream carrying the same `port`
 * and `requestID` headers. The pair becomes one connection to the container runtime's port;
 * anything that goes wrong is written as text on the error stream, which kubectl prints.
 */
import type { Duplex } from 'node:stream';
import type { ContainerRuntime, ContainerTarget } from '../types.js';
import { STREAM_WAIT_MS } from './remotecommand.js';
import type { SpdySession } from './session.js';
import type { SpdyStream } from './stream.js';

export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

export function portForward(
  session: SpdySession,
  target: ContainerTarget,
  runtime: ContainerRuntime,
): (stream: SpdyStream) => boolean {
  const pairs = new Map<string, Pair>();
  session.onClose(() => {
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
  });

  return (stream) => {
    const type = stream.header('streamtype');
    if (type !== 'data' && type !== 'error') return false;
    // Clients before requestID paired the streams by id: error first, data right after.
    const key = stream.header('requestid') ?? String(type === 'error' ? stream.id : stream.id - 2);
    let pair = pairs.get(key);
    if (!pair) {
      const timer = setTimeout(() => {
        // Half a pair never completed: give up on it rather than hold it for ever.
        pairs.get(key)?.data?.destroy();
        pairs.get(key)?.error?.destroy();
        pairs.delete(key);
      }, STREAM_WAIT_MS);
      timer.unref();
      pair = { timer };
      pairs.set(key, pair);
    }
    if (pair[type]) return false;
    pair[type] = stream;
    const { data, error } = pair;
    if (data && error) {
      clearTimeout(pair.timer);
      pairs.delete(key);
      queueMicrotask(() => forward(data, error, target, runtime));
    }
    return true;
  };
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function forward(
  data: SpdyStream,
  error: SpdyStream,
  target: ContainerTarget,
  runtime: ContainerRuntime,
): void {
  const fail = (message: string): void => {
    error.end(message);
    data.end();
  };
  const port = parsePort(data.header('port'));
  if (port === undefined || data.header('port') !== error.header('port')) {
    return fail(`invalid port: ${JSON.stringify(data.header('port') ?? '')}`);
  }
  let conn: Duplex | { failure: string };
  try {
    conn = runtime.connect(target, port);
  } catch {
    conn = { failure: 'the container runtime failed' };
  }
  // The runtime's reason is already worded as the kubelet words it.
  if ('failure' in conn) return fail(conn.failure);
  const upstream = conn;
  // Both ways with back-pressure; each side's end is passed on as FIN / end().
  data.pipe(upstream);
  upstream.pipe(data);
  let reported = false;
  upstream.on('error', (cause: Error) => {
    if (reported) return;
    reported = true;
    fail(`error forwarding port ${port} to pod ${target.pod}: ${cause.message}`);
  });
  upstream.on('close', () => {
    if (!reported) error.end();
  });
  data.on('close', () => upstream.destroy());
}
