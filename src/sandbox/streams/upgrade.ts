/**
 * The entry for upgraded connections (`server.on('upgrade')`): exec, attach and port-forward.
 * Like the router: audit ID, authentication, impersonation, authorization (`create` on
 * pods/exec|attach|portforward, as the API server checks it for both GET and POST), and the
 * container check — each refusal a Status over plain HTTP before any upgrade. Then the
 * transport named by the `Upgrade` header (and, for WebSocket, the subprotocols offered) takes
 * the socket. Every upgraded socket is tracked so the sandbox's stop() can end it.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ANONYMOUS, type SandboxUser } from '../auth.js';
import { beginAudit } from '../audit.js';
import { decide, forbidden } from '../authz.js';
import type { SandboxRuntime } from '../containers/runtime.js';
import type { StreamKind } from '../containers/target.js';
import { ApiError } from '../status.js';
import type { RouterOptions } from '../server/router.js';
import { actingAs, authenticatedUser } from '../server/identify.js';
import type { ContainerRuntime, ContainerTarget } from './types.js';
import { PORTFORWARD_TUNNEL } from './spdy/index.js';
import { spdyTransport, tunnelTransport } from './spdy/transport.js';
import { websocketTransport } from './websocket.js';

/** What a transport is handed: a checked, authorized request and its socket. */
export interface StreamRequest {
  req: IncomingMessage;
  /** The audit ID of this request (its Audit-ID header when valid), for the 101's headers. */
  auditID: string;
  socket: Duplex;
  head: Buffer;
  kind: StreamKind;
  target: ContainerTarget;
  /** exec's command (empty otherwise). */
  command: string[];
  /** port-forward's `ports` (empty otherwise). */
  ports: number[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  /** The WebSocket subprotocols the client offered, in its order. */
  protocols: string[];
  runtime: ContainerRuntime;
  /** Answers with a Status over HTTP instead of upgrading (kubectl then may fall back). */
  refuse(error: ApiError): void;
  /** Call when the upgrade was answered (101); the audit line is written when it closes. */
  upgraded(): void;
}

export type Transport = (request: StreamRequest) => void;

/**
 * Transports by protocol: `websocket` (the channel protocols, streams/websocket.ts),
 * `spdy/3.1` (SPDY upgrades) and `websocket+spdy/3.1+portforward.k8s.io` (SPDY tunnelled in a
 * WebSocket, kubectl's port-forward). A protocol without an entry is refused with a 400, and
 * kubectl falls back to SPDY.
 */
export const transports = new Map<string, Transport>([
  ['websocket', websocketTransport],
  ['spdy/3.1', spdyTransport],
  [`websocket+${PORTFORWARD_TUNNEL.toLowerCase()}`, tunnelTransport],
]);

export { PORTFORWARD_TUNNEL };

const STREAM_KINDS = new Set<string>(['exec', 'attach', 'portforward']);

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

function transportKey(req: IncomingMessage, protocols: string[]): string {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket' && protocols.includes(PORTFORWARD_TUNNEL)) {
    return `websocket+${PORTFORWARD_TUNNEL.toLowerCase()}`;
  }
  return upgrade;
}

function writeStatus(socket: Duplex, error: ApiError, auditID: string): void {
  const text = JSON.stringify(error.toStatus());
  socket.end(
    `HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? ''}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      `Audit-Id: ${auditID}\r\n` +
      'Connection: close\r\n\r\n' +
      text,
  );
}

export interface UpgradeHandler {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every upgraded connection (the sandbox is stopping). */
  stop(): void;
}

export function makeUpgradeHandler(
  options: RouterOptions & { runtime: SandboxRuntime },
): UpgradeHandler {
  const open = new Set<Duplex>();
  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    let user: SandboxUser = ANONYMOUS;
    let impersonated: SandboxUser | undefined;
    const {
      auditID,
      info,
      url,
      write: audit,
    } = beginAudit(options.audit, req, options.state.now, () => ({ user, impersonated }));
    const refuse = (error: ApiError): void => {
      audit(error.code);
      writeStatus(socket, error, auditID);
    };
    let upgraded = false;
    socket.on('error', () => socket.destroy());
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      // A handshake the WebSocket library refused itself was answered with a 400.
      audit(upgraded ? 101 : 400);
    });
    try {
      const authenticated = authenticatedUser(req, options);
      if (!authenticated) throw new ApiError('Unauthorized', 'Unauthorized');
      user = authenticated;
      impersonated = actingAs(req, user, options);
      const kind = info.subresource ?? '';
      if (
        !info.isResource ||
        info.resource !== 'pods' ||
        info.group !== '' ||
        !STREAM_KINDS.has(kind)
      ) {
        throw new ApiError('BadRequest', 'the server does not upgrade this request');
      }
      const attrs = {
        verb: 'create',
        group: '',
        resource: 'pods',
        subresource: kind,
        namespace: info.namespace,
        name: info.name,
      };
      const effective = impersonated ?? user;
      if (!decide(effective, attrs, options.state.store).allowed) throw forbidden(effective, attrs);
      const target: ContainerTarget = {
        namespace: info.namespace ?? 'default',
        pod: info.name ?? '',
        container: url.searchParams.get('container') ?? undefined,
      };
      options.runtime.check(target, kind as StreamKind);
      const request = streamRequest(
        req,
        socket,
        head,
        url.searchParams,
        kind as StreamKind,
        target,
      );
      const protocols = request.protocols;
      const transport = transports.get(transportKey(req, protocols));
      if (!transport) {
        throw new ApiError(
          'BadRequest',
          `upgrade to ${String(req.headers.upgrade ?? '')} is not supported`,
        );
      }
      transport({
        ...request,
        auditID,
        runtime: options.runtime,
        refuse,
        upgraded: () => {
          upgraded = true;
        },
      });
    } catch (error) {
      refuse(
        error instanceof ApiError
          ? error
          : new ApiError('InternalError', `Internal error occurred: ${(error as Error).message}`),
      );
    }
  };
  return {
    handle,
    stop() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
  };
}

function streamRequest(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  query: URLSearchParams,
  kind: StreamKind,
  target: ContainerTarget,
): Omit<StreamRequest, 'auditID' | 'runtime' | 'refuse' | 'upgraded'> {
  const command = kind === 'exec' ? query.getAll('command') : [];
  if (kind === 'exec' && command.length === 0) {
    throw new ApiError('BadRequest', 'you must specify at least 1 command');
  }
  const ports = query
    .getAll('ports')
    .flatMap((p) => p.split(','))
    .filter((p) => p !== '')
    .map(Number);
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    throw new ApiError('BadRequest', 'invalid port in "ports"');
  }
  const streams = {
    stdin: flag(query, 'stdin'),
    stdout: flag(query, 'stdout'),
    stderr: flag(query, 'stderr'),
    tty: flag(query, 'tty'),
  };
  if (kind !== 'portforward' && !streams.stdin && !streams.stdout && !streams.stderr) {
    throw new ApiError('BadRequest', 'you must specify at least 1 of stdin, stdout, stderr');
  }
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return { req, socket, head, kind, target, command, ports, protocols, ...streams };
}
