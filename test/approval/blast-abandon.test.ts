/**
 * A blast-radius count that lost its race (too slow, or Ctrl-C) must go quiet: no request of
 * it may reach the cluster after measureBlastRadius returns, and every one it did send is in
 * the result, so the executor's Audit-IDs (numbered after them) cannot collide with them.
 * The cluster is the sandbox behind a plain-HTTP proxy that holds each request a while.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { measureBlastRadius } from '../../src/approval/blast-radius.js';
import { emptyIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { caOf } from '../sandbox/helpers.js';
import { tempDir } from '../helpers/cli.js';

interface Seen {
  auditId: string;
  path: string;
  at: number;
}

let sandbox: Sandbox;
let proxy: Server;
let seen: Seen[] = [];
const DELAY_MS = 150;

before(async () => {
  sandbox = await startSandbox();
  const upstream = new URL(sandbox.url);
  proxy = createServer((req, res) => {
    seen.push({
      auditId: String(req.headers['audit-id'] ?? ''),
      path: req.url ?? '',
      at: Date.now(),
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const out = httpsRequest(
          {
            hostname: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            ca: caOf(sandbox),
            headers: { ...req.headers, host: upstream.host },
          },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      }, DELAY_MS);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
});
after(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await sandbox.stop();
});

function kubeconfig(): string {
  const { port } = proxy.address() as AddressInfo;
  const dir = tempDir('iddio-blast-');
  const path = join(dir, 'config');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'slow', cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: 'u', user: { token: sandbox.token } }],
      contexts: [{ name: 'slow', context: { cluster: 'slow', user: 'u' } }],
      'current-context': 'slow',
    }),
  );
  return path;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(timeoutMs: number, signal?: AbortSignal) {
  // Many named objects: the count GETs them one after another, far beyond any deadline here.
  const names = Array.from({ length: 8 }, (_, i) => `nope-${i}`);
  const invocation = parseKubectlArgv(['delete', 'pod', ...names, '-n', 'payments'], emptyIo);
  seen = [];
  const result = await measureBlastRadius(invocation, {
    requestId: 'idd_01JBLASTRADIUSCOUNT0000000',
    agent: 'test',
    version: '0.0.0',
    env: { KUBECONFIG: kubeconfig(), HOME: tempDir('iddio-blast-home-') },
    cacheDir: tempDir('iddio-blast-cache-'),
    timeoutMs,
    ...(signal ? { signal } : {}),
  });
  const returned = Date.now();
  const atReturn = seen.length;
  await settle(DELAY_MS * 5); // long enough for several more round trips, were any made
  return { result, returned, atReturn };
}

function assertQuietAfter(run: Awaited<ReturnType<typeof measure>>): void {
  const { result, returned, atReturn } = run;
  assert.equal(result.radius?.objects, null, 'the count did not finish');
  assert.ok(atReturn > 0, 'the count had started talking to the cluster');
  const late = seen.filter((s) => s.at > returned);
  assert.deepEqual(late, [], 'no request of the count arrives after it returned');
  assert.equal(seen.length, atReturn);
  // Every request the cluster saw is on record, with the Audit-ID it was sent with.
  assert.deepEqual(
    result.apiRequests.map((r) => r.audit_id).sort(),
    seen.map((s) => s.auditId).sort(),
  );
}

test('through the slow proxy, a count given time finishes (and warms the module cache)', async () => {
  const { result } = await measure(30_000);
  assert.equal(result.radius?.objects, 0, result.radius?.summary);
  assert.equal(result.apiRequests.length, seen.length);
});

test('a count that takes too long stops sending when measureBlastRadius returns', async () => {
  const run = await measure(DELAY_MS * 3);
  assert.match(run.result.radius?.summary ?? '', /took too long/);
  assertQuietAfter(run);
});

test('an interrupted count (Ctrl-C) stops sending when measureBlastRadius returns', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), DELAY_MS * 3);
  const run = await measure(10_000, controller.signal);
  assert.match(run.result.radius?.summary ?? '', /interrupted/);
  assertQuietAfter(run);
});
