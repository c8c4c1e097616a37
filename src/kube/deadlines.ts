/**
 * The time limits kubectl's transport puts on every request, so that a server that accepts a
 * connection and then says nothing can never hold a command (or an agent) forever:
 *
 *   connect        30 s  client-go's net.Dialer Timeout   → "dial tcp HOST:PORT: i/o timeout"
 *   TLS handshake  10 s  client-go's TLSHandshakeTimeout  → "net/http: TLS handshake timeout"
 *   --request-timeout    the whole request, until its response has arrived
 *                                                         → "context deadline exceeded"
 *
 * Each ends the request with an error worded as Go words it; the client prints it after
 * kubectl's "Unable to connect to the server: ".
 */
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

export const DIAL_TIMEOUT_MS = 30_000;
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface Deadlines {
  dialMs?: number;
  tlsHandshakeMs?: number;
  /** --request-timeout in ms; undefined or ≤ 0: none. */
  requestMs?: number;
}

/** A request ended by one of the deadlines; `message` is Go's text for it. */
export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/**
 * Arms the deadlines on one request. `address` is HOST:PORT as Go prints it in a dial error.
 * Returns a function that disarms the whole-request deadline once the response has arrived
 * (a stream's body may then take as long as it takes).
 */
export function armDeadlines(
  req: ClientRequest,
  options: { secure: boolean; address: string; deadlines?: Deadlines },
): () => void {
  const dialMs = options.deadlines?.dialMs ?? DIAL_TIMEOUT_MS;
  const tlsMs = options.deadlines?.tlsHandshakeMs ?? TLS_HANDSHAKE_TIMEOUT_MS;
  const requestMs = options.deadlines?.requestMs;
  const timers = new Set<NodeJS.Timeout>();
  const fail = (message: string): void => {
    clearAll();
    req.destroy(new DeadlineError(message));
  };
  const arm = (ms: number, message: string): NodeJS.Timeout => {
    const timer = setTimeout(() => fail(message), ms);
    timers.add(timer);
    return timer;
  };
  const disarm = (timer: NodeJS.Timeout): void => {
    clearTimeout(timer);
    timers.delete(timer);
  };
  const clearAll = (): void => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
  if (requestMs !== undefined && requestMs > 0) arm(requestMs, 'context deadline exceeded');
  req.once('socket', (socket: Socket) => {
    const handshake = (): void => {
      if (!options.secure) return;
      const tls = arm(tlsMs, 'net/http: TLS handshake timeout');
      socket.once('secureConnect', () => disarm(tls));
    };
    if (socket.connecting) {
      const dial = arm(dialMs, `dial tcp ${options.address}: i/o timeout`);
      socket.once('connect', () => {
        disarm(dial);
        handshake();
      });
    } else if (options.secure && !(socket as Socket & { encrypted?: boolean }).encrypted) {
      handshake();
    }
  });
  req.once('response', clearAll);
  req.once('close', clearAll);
  return clearAll;
}
