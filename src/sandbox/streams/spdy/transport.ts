/**
 * The sandbox's SPDY transports, in the upgrade entry's table (streams/upgrade.ts):
 * `Upgrade: SPDY/3.1` for exec, attach and port-forward, and the WebSocket tunnel kubectl 1.31+
 * tries first for port-forward (subprotocol `SPDY/3.1+portforward.k8s.io`: the same SPDY
 * session carried in binary WebSocket messages).
 */
import type { IncomingMessage } from 'node:http';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { ApiError } from '../../status.js';
import type { StreamRequest, Transport } from '../upgrade.js';
import {
  negotiate,
  offeredProtocols,
  PORTFORWARD_PROTOCOL,
  PORTFORWARD_TUNNEL,
  protocolsFor,
  serveSpdy,
  type SpdyRequest,
} from './index.js';

function spdyRequest(request: StreamRequest): SpdyRequest {
  if (request.kind === 'portforward') return { kind: 'portforward', target: request.target };
  return {
    kind: request.kind === 'exec' ? 'exec' : 'attach',
    target: request.target,
    command: request.command,
    stdin: request.stdin,
    stdout: request.stdout,
    stderr: request.stderr,
    tty: request.tty,
  };
}

export const spdyTransport: Transport = (request) => {
  const spdy = spdyRequest(request);
  const supported = protocolsFor(spdy);
  const offered = request.req.headers['x-stream-protocol-version'];
  const protocol = negotiate(offered, supported);
  if (protocol === undefined) {
    // The kubelet's answer when no protocol is shared.
    request.refuse(
      new ApiError(
        'Forbidden',
        `unable to upgrade: unable to negotiate protocol: client supports ` +
          `[${offeredProtocols(offered).join(' ')}], server accepts [${supported.join(' ')}]`,
      ),
    );
    return;
  }
  request.socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${protocol}\r\nAudit-Id: ${request.auditID}\r\n\r\n`,
  );
  request.upgraded();
  if (request.head.length > 0) request.socket.unshift(request.head);
  void serveSpdy(request.socket, protocol, spdy, request.runtime);
};

const tunnels = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  // A message carries what kubectl's SPDY framer wrote at once: a frame or a few.
  maxPayload: 4 * 1024 * 1024,
  // The upgrade entry routed here only because the client offered the tunnel (see below).
  handleProtocols: () => PORTFORWARD_TUNNEL,
});

/** The tunnel's 101 carries the request's Audit-Id, as every other answer does. */
const auditIds = new WeakMap<IncomingMessage, string>();
tunnels.on('headers', (headers: string[], req: IncomingMessage) => {
  const id = auditIds.get(req);
  if (id !== undefined) headers.push(`Audit-Id: ${id}`);
});

export const tunnelTransport: Transport = (request) => {
  if (request.kind !== 'portforward') {
    request.refuse(new ApiError('BadRequest', `${PORTFORWARD_TUNNEL} carries port-forward only`));
    return;
  }
  // ws accepts only RFC 7230 tokens as subprotocols and refuses kubectl's name for the tunnel
  // (it has a '/'), so ws is shown a stand-in; the 101 names the real one.
  request.req.headers['sec-websocket-protocol'] = 'spdy-portforward-tunnel';
  auditIds.set(request.req, request.auditID);
  tunnels.handleUpgrade(request.req, request.socket, request.head, (ws) => {
    request.upgraded();
    ws.on('error', () => ws.terminate());
    const duplex = createWebSocketStream(ws);
    duplex.on('error', () => ws.terminate());
    void serveSpdy(duplex, PORTFORWARD_PROTOCOL, spdyRequest(request), request.runtime);
  });
};
