/**
 * SPDY/3.1 for the sandbox's exec, attach and port-forward. `acceptSpdy` answers the HTTP
 * upgrade (`Upgrade: SPDY/3.1`, the protocol chosen from the client's
 * `X-Stream-Protocol-Version` list echoed back in the 101); `serveSpdy` runs the protocol on
 * any Duplex, so the WebSocket tunnel kubectl tries first for port-forward
 * (`SPDY/3.1+portforward.k8s.io`) can carry the very same session.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ContainerRuntime, ContainerTarget } from '../types.js';
import { portForward, PORTFORWARD_PROTOCOL } from './portforward.js';
import {
  remoteCommand,
  REMOTECOMMAND_PROTOCOLS,
  type RemoteCommandRequest,
} from './remotecommand.js';
import { SpdySession } from './session.js';

export { PORTFORWARD_PROTOCOL } from './portforward.js';
export {
  REMOTECOMMAND_PROTOCOLS,
  exitStatusJson,
  type RemoteCommandRequest,
} from './remotecommand.js';
export { SpdySession } from './session.js';

export type SpdyRequest = RemoteCommandRequest | { kind: 'portforward'; target: ContainerTarget };

/** The protocols this server speaks for a request, best first. */
export function protocolsFor(request: SpdyRequest): readonly string[] {
  return request.kind === 'portforward' ? [PORTFORWARD_PROTOCOL] : REMOTECOMMAND_PROTOCOLS;
}

/** The first protocol in the client's order that the server speaks (the kubelet's rule). */
export function negotiate(
  offered: string | string[] | undefined,
  supported: readonly string[],
): string | undefined {
  return offeredProtocols(offered).find((protocol) => supported.includes(protocol));
}

/** `X-Stream-Protocol-Version` may come repeated or comma-separated. */
export function offeredProtocols(offered: string | string[] | undefined): string[] {
  return (Array.isArray(offered) ? offered : [offered ?? ''])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** Runs one SPDY session for a request on a connected Duplex; resolves when it is gone. */
export function serveSpdy(
  socket: Duplex,
  protocol: string,
  request: SpdyRequest,
  runtime: ContainerRuntime,
): Promise<void> {
  const session = new SpdySession(socket);
  session.start(
    request.kind === 'portforward'
      ? portForward(session, request.target, runtime)
      : remoteCommand(session, protocol, request, runtime),
  );
  return new Promise((resolve) => session.onClose(resolve));
}

/** Whether an HTTP request asks to upgrade to SPDY/3.1. */
export function wantsSpdy(req: IncomingMessage): boolean {
  return /^spdy\/3\.1$/i.test(String(req.headers.upgrade ?? '').trim());
}

/**
 * Answers an `Upgrade: SPDY/3.1` request on its raw socket: a 101 and the session, or — when
 * no protocol is shared — the kubelet's 403 naming both lists. `head` is whatever the client
 * sent past the request headers.
 */
export function acceptSpdy(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  request: SpdyRequest,
  runtime: ContainerRuntime,
): Promise<void> {
  const supported = protocolsFor(request);
  const offered = req.headers['x-stream-protocol-version'];
  const protocol = negotiate(offered, supported);
  if (protocol === undefined) {
    const message =
      `unable to upgrade: unable to negotiate protocol: client supports ` +
      `[${offeredProtocols(offered).join(' ')}], server accepts [${supported.join(' ')}]`;
    socket.end(
      `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `X-Accepted-Stream-Protocol-Versions: ${supported.join(', ')}\r\n` +
        `Content-Length: ${Buffer.byteLength(message) + 1}\r\nConnection: close\r\n\r\n${message}\n`,
    );
    return Promise.resolve();
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
  );
  if (head.length > 0) socket.unshift(head);
  return serveSpdy(socket, protocol, request, runtime);
}
