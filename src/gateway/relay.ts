/**
 * Upgraded connections (exec, attach, port-forward; WebSocket or SPDY): relayed both ways with
 * back-pressure, counted, and shown to a tap that may record them (upgrade.ts decides which).
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { Duplex, Transform } from 'node:stream';
import { upstreamRequest, type Forwarded, type Upstream } from './proxy.js';
import { status, type GatewayStatus } from './status.js';

/** Bytes that crossed an upgraded connection after its 101, each way (framing included). */
export interface UpgradeBytes {
  toCluster: number;
  toClient: number;
}

/**
 * What watches an upgraded connection besides the relay: `accept` sees the upstream's 101
 * before the client does (and may refuse it), `start` gets the way to end the connection,
 * `clientGate` is a stream the client's bytes pass through on their way to the cluster (a
 * recording reads them there, before they are sent on), and `fromUpstream` gets a copy of
 * every chunk from the cluster as it is relayed (passive: the relay never waits for it).
 */
export interface UpgradeTap {
  accept?(response: IncomingMessage): GatewayStatus | undefined;
  start?(end: () => void): void;
  clientGate?(): Transform | undefined;
  fromUpstream?(chunk: Buffer): void;
  closed?(): void;
}

/**
 * An upgraded connection (exec, attach, port-forward; WebSocket or SPDY alike): the upgrade
 * request goes upstream with the same credential and correlation headers, the upstream's
 * answer is relayed as it came, and after a 101 the bytes flow both ways with back-pressure
 * until either side closes, counted into `bytes`. WebSocket extensions are not offered
 * upstream, so no compression is negotiated and a tap can read the frames. The gateway decides
 * the request that opens the connection; a tap may record what flows through it.
 */
export async function forwardUpgrade(
  upstream: Upstream,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  correlation: OutgoingHttpHeaders,
  bytes: UpgradeBytes,
  tap: UpgradeTap = {},
): Promise<Forwarded> {
  const prepared = await upstreamRequest(upstream, req, correlation, {
    connection: 'Upgrade',
    upgrade: req.headers.upgrade ?? '',
  });
  if ('failed' in prepared) return prepared;
  const headers = prepared.options.headers as OutgoingHttpHeaders;
  delete headers['sec-websocket-extensions'];
  return new Promise<Forwarded>((resolve) => {
    const outgoing = (prepared.secure ? https : http).request({
      ...prepared.options,
      agent: false,
    });
    const timer = setTimeout(() => {
      outgoing.destroy(new Error(`no response within ${upstream.responseTimeoutMs} ms`));
    }, upstream.responseTimeoutMs);
    outgoing.on('upgrade', (response, upSocket, upHead) => {
      clearTimeout(timer);
      const refusal = tap.accept?.(response);
      if (refusal !== undefined) {
        upSocket.destroy();
        resolve({ failed: refusal });
        return;
      }
      const close = (): void => {
        upSocket.destroy();
        socket.destroy();
      };
      tap.start?.(close);
      // Counted and copied as they pass; pipe() keeps the back-pressure of the relay itself.
      upSocket.on('data', (chunk: Buffer) => {
        bytes.toClient += chunk.length;
        tap.fromUpstream?.(chunk);
      });
      socket.on('data', (chunk: Buffer) => {
        bytes.toCluster += chunk.length;
      });
      const gate = tap.clientGate?.();
      socket.write(rawHead(response));
      if (upHead.length > 0) {
        bytes.toClient += upHead.length;
        tap.fromUpstream?.(upHead);
        socket.write(upHead);
      }
      if (head.length > 0) {
        bytes.toCluster += head.length;
        (gate ?? upSocket).write(head);
      }
      upSocket.pipe(socket);
      if (gate) socket.pipe(gate).pipe(upSocket);
      else socket.pipe(upSocket);
      let done = false;
      const ended = (): void => {
        close();
        if (done) return;
        done = true;
        tap.closed?.();
      };
      upSocket.on('error', ended).on('close', ended);
      socket.on('error', ended).on('close', ended);
      resolve({ status: response.statusCode ?? 101 });
    });
    // The upstream said no to the upgrade (a 4xx, say): its answer goes back as it is.
    outgoing.on('response', (response) => {
      clearTimeout(timer);
      socket.write(rawHead(response));
      response.pipe(socket);
      resolve({ status: response.statusCode ?? 502 });
    });
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        failed: status('ServiceUnavailable', `iddio: the cluster is unreachable: ${error.message}`),
      });
    });
    outgoing.end();
  });
}

/** The status line and headers of a response, as they were received. */
function rawHead(response: IncomingMessage): string {
  const lines = [`HTTP/1.1 ${response.statusCode ?? 502} ${response.statusMessage ?? ''}`];
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}
