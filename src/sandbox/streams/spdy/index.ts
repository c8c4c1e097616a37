/**
 * SPDY/3.1 for the sandbox's exec, attach and port-forward: protocol negotiation (the client's
 * `X-Stream-Protocol-Version` list, the kubelet's rule) and `serveSpdy`, which runs the
 * protocol on any Duplex — an upgraded socket, or the WebSocket tunnel kubectl tries first for
 * port-forward (`SPDY/3.1+portforward.k8s.io`). transport.ts plugs both into the sandbox's
 * upgrade entry.
 */
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

/** The WebSocket subprotocol of kubectl's port-forward tunnel: this SPDY inside WebSocket. */
export const PORTFORWARD_TUNNEL = `SPDY/3.1+${PORTFORWARD_PROTOCOL}`;
export { REMOTECOMMAND_PROTOCOLS, type RemoteCommandRequest } from './remotecommand.js';
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
