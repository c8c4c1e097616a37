/**
 * A small HTTPS upstream for upgraded connections, speaking as the API server does:
 *  - exec/attach over WebSocket (`ws` in noServer mode, `v5.channel.k8s.io` or `v4`): a scripted
 *    shell that answers each stdin line on stdout upper-cased, a line `err X` on stderr, and
 *    `exit N` with the v4+ error-channel Status for N (0: Success), then closes;
 *  - exec over SPDY/3.1 and port-forward (any upgrade): a 101, then every byte echoed back.
 * It offers permessage-deflate, so a gateway that passed on a client's extension offer would
 * get compressed frames back.
 */
import { writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { generateTls } from '../../src/common/tls.js';
import { tempDir } from '../helpers/cli.js';

export interface StreamUpstream {
  server: https.Server;
  kubeconfig: string;
  seen: IncomingHttpHeaders[];
  /** Bytes the raw echo received, per connection. */
  echoed: number[];
  close(): Promise<void>;
}

function send(ws: WebSocket, channel: number, text: string): void {
  ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(text)]));
}

function shell(ws: WebSocket): void {
  let pending = '';
  ws.on('error', () => undefined); // a malformed frame: ws closes the connection
  ws.on('message', (data: Buffer) => {
    if (data[0] !== 0) return; // resize (4) and close (255) need no answer
    pending += data.subarray(1).toString('utf8');
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      const exit = /^exit (\d+)$/.exec(line);
      if (exit) {
        const code = Number(exit[1]);
        const status =
          code === 0
            ? { metadata: {}, status: 'Success' }
            : {
                metadata: {},
                status: 'Failure',
                message: `command terminated with non-zero exit code: exit status ${code}`,
                reason: 'NonZeroExitCode',
                details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
              };
        send(ws, 3, JSON.stringify(status));
        ws.close(1000);
        return;
      }
      if (line.startsWith('err ')) send(ws, 2, `${line.slice(4)}\n`);
      else send(ws, 1, `${line.toUpperCase()}\n`);
    }
  });
}

export async function streamUpstream(): Promise<StreamUpstream> {
  const tls = await generateTls(new Date(), { name: 'stream-upstream', hosts: ['127.0.0.1'] });
  const seen: IncomingHttpHeaders[] = [];
  const echoed: number[] = [];
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: true,
    // `rogue` in the query: a server that chooses a subprotocol nobody offered.
    handleProtocols: (protocols, req) =>
      req.url?.includes('rogue')
        ? 'x.rogue.k8s.io'
        : (['v5.channel.k8s.io', 'v4.channel.k8s.io', 'x.unknown.k8s.io'].find((p) =>
            protocols.has(p),
          ) ?? false),
  });
  wss.on('connection', shell);
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) =>
    res.writeHead(404).end(),
  );
  server.on('upgrade', (req, socket, head) => {
    seen.push(req.headers);
    const path = req.url ?? '';
    if (/websocket/i.test(String(req.headers.upgrade)) && !path.includes('/portforward')) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return;
    }
    const index = echoed.push(0) - 1;
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${String(req.headers.upgrade)}\r\n\r\n`,
    );
    socket.on('data', (chunk: Buffer) => {
      echoed[index] = (echoed[index] ?? 0) + chunk.length;
      socket.write(chunk);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = join(tempDir('iddio-stream-up-'), 'kubeconfig');
  const ca = Buffer.from(tls.caCert).toString('base64');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: up, cluster: {server: "https://127.0.0.1:${port}", certificate-authority-data: ${ca}}}]`,
      'users: [{name: gw, user: {token: upstream-secret}}]',
      'contexts: [{name: up, context: {cluster: up, user: gw, namespace: payments}}]',
      'current-context: up',
    ].join('\n'),
  );
  return {
    server,
    kubeconfig,
    seen,
    echoed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
