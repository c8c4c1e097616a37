/**
 * Upgraded connections through the gateway (exec, attach, port-forward use them, over WebSocket
 * or SPDY): the request that opens one is decided like any other — refused with a Forbidden
 * Status under the default policy — and, when the policy allows it, the connection is relayed
 * both ways byte for byte and the command's `completed` event lists it with its 101.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../helpers/cli.js';
import { auditEvents, eventually, gatewayFor, type TestGateway } from './helpers.js';

/** An upstream that accepts any upgrade and echoes what it receives, upper-cased. */
function echoUpstream(): Promise<{
  server: http.Server;
  kubeconfig: string;
  seen: http.IncomingHttpHeaders[];
}> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    seen.push(req.headers);
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    );
    socket.on('data', (chunk: Buffer) => socket.write(chunk.toString().toUpperCase()));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const kubeconfig = join(tempDir('iddio-gw-up-'), 'kubeconfig');
      writeFileSync(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          `clusters: [{name: up, cluster: {server: "http://127.0.0.1:${port}"}}]`,
          'users: [{name: gw, user: {token: upstream-secret}}]',
          'contexts: [{name: up, context: {cluster: up, user: gw}}]',
          'current-context: up',
        ].join('\n'),
      );
      resolve({ server, kubeconfig, seen });
    });
  });
}

/** Opens an upgrade through the gateway, sends `hello`, and returns everything read back. */
function upgrade(gw: TestGateway, path: string): Promise<string> {
  const url = new URL(gw.gateway.url);
  return new Promise((resolve) => {
    let text = '';
    const socket = connect({ host: url.hostname, port: Number(url.port), ca: gw.caCert }, () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gw.token}\r\n` +
          'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n',
      );
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\r\n\r\n') && text.startsWith('HTTP/1.1 101') && !text.includes('HELLO')) {
        socket.write('hello');
      }
      if (text.includes('HELLO')) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

describe('upgraded connections through iddio serve', () => {
  let upstream: Awaited<ReturnType<typeof echoUpstream>>;
  before(async () => {
    upstream = await echoUpstream();
  });
  after(() => upstream.server.close());

  it('an exec under the default policy is refused with a Forbidden Status, and never reaches the cluster', async () => {
    const gw = await gatewayFor(upstream.kubeconfig);
    try {
      const answer = await upgrade(gw, '/api/v1/namespaces/payments/pods/api/exec?command=sh');
      assert.match(answer, /^HTTP\/1\.1 403 Forbidden\r\n/);
      assert.match(answer, /rule interactive-access/);
      assert.equal(upstream.seen.length, 0);
    } finally {
      await gw.stop();
    }
  });

  it('an exec the policy allows is relayed both ways, with the gateway credential, and recorded', async () => {
    const gw = await gatewayFor(upstream.kubeconfig, {
      policy: 'version: 1\nagents:\n  bot:\n    tiers: { 4: allow }\n',
    });
    try {
      const answer = await upgrade(gw, '/api/v1/namespaces/payments/pods/api/exec?command=sh');
      assert.match(answer, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
      assert.ok(answer.endsWith('HELLO'), answer);
      const headers = upstream.seen.at(-1);
      assert.equal(headers?.authorization, 'Bearer upstream-secret');
      assert.match(String(headers?.['audit-id']), /^idd-[0-9A-Z]{26}-1$/);
      assert.equal(headers?.['sec-websocket-protocol'], 'v5.channel.k8s.io');
      const completed = await eventually(() =>
        auditEvents(gw.paths.auditLog).find((e) => e.stage === 'completed'),
      );
      assert.equal(completed.api_requests?.[0]?.status, 101);
      assert.equal(completed.verb, 'exec');
    } finally {
      await gw.stop();
    }
  });
});
