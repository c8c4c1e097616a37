/**
 * How `get -w` ends when the watch itself goes wrong. A plain-HTTP proxy in front of the
 * sandbox passes every request through (adding the sandbox's token) except the watch, which
 * it answers itself: a refusal, an ERROR event, a line that is not JSON, or an early close.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { runExecutor } from './helpers.js';

type Mode = 'forbidden' | 'error' | 'garbage' | 'close' | 'split';

describe('get -w when the watch fails', () => {
  let sandbox: Sandbox;
  let proxy: http.Server;
  let mode: Mode = 'close';
  let env: Record<string, string | undefined>;
  let cacheDir: string;

  const answerWatch = (res: http.ServerResponse): void => {
    const event = (type: string, object: unknown): string =>
      `${JSON.stringify({ type, object })}\n`;
    if (mode === 'forbidden') {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          reason: 'Forbidden',
          message: 'pods is forbidden: User "x" cannot watch resource "pods"',
          code: 403,
        }),
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (mode === 'error') {
      res.write(event('BOOKMARK', { kind: 'Pod', metadata: { resourceVersion: '9' } }));
      res.write(
        event('ERROR', {
          kind: 'Status',
          status: 'Failure',
          reason: 'Expired',
          message: 'too old resource version: 1 (2)\u001b[31m',
          code: 410,
        }),
      );
    }
    if (mode === 'garbage') res.write('<html>not an event</html>\n');
    if (mode === 'split') {
      // One event in two TCP writes, cut inside the two bytes of "é".
      const bytes = Buffer.from(
        event('MODIFIED', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'café' } }),
      );
      const cut = bytes.indexOf(Buffer.from('é')) + 1;
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 50);
      return;
    }
    res.end();
  };

  before(async () => {
    sandbox = await startSandbox();
    const target = new URL(sandbox.url);
    proxy = http.createServer((req, res) => {
      if ((req.url ?? '').includes('watch=true')) return answerWatch(res);
      const upstream = https.request(
        {
          hostname: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host, authorization: `Bearer ${sandbox.token}` },
          rejectUnauthorized: false,
        },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const home = tempDir('iddio-watch-errors-');
    const kubeconfig = join(home, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: p, cluster: {server: "http://127.0.0.1:' + port + '"}}]',
        'users: [{name: u, user: {}}]',
        'contexts: [{name: p, context: {cluster: p, user: u, namespace: payments}}]',
        'current-context: p',
        '',
      ].join('\n'),
    );
    env = { HOME: home, KUBECONFIG: kubeconfig };
    cacheDir = tempDir('iddio-watch-errors-cache-');
  });
  after(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await sandbox.stop();
  });

  const watch = async (as: Mode) => {
    mode = as;
    const result = await runExecutor(['get', 'pods', '-w', '-o', 'name'], {
      requestId: newRequestId(),
      cacheDir,
      env,
    });
    // The list is always printed first, from the real sandbox behind the proxy.
    assert.match(result.stdout, /^(pod\/[a-z0-9-]+\n){5}/, as);
    return result;
  };

  it("a refused watch is kubectl's error line, exit 1", async () => {
    const result = await watch('forbidden');
    assert.equal(result.exitCode, 1);
    assert.equal(
      result.stderr,
      'Error from server (Forbidden): pods is forbidden: User "x" cannot watch resource "pods"\n',
    );
    assert.equal(result.apiRequests.at(-1)?.status, 403);
  });

  it('an ERROR event ends the watch with its Status as one stripped line, exit 1; bookmarks print nothing', async () => {
    const result = await watch('error');
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, 'Error from server (Expired): too old resource version: 1 (2)\n');
  });

  it('a line that is not an event ends the watch with an error, exit 1', async () => {
    const result = await watch('garbage');
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, 'error: unable to decode an event from the watch stream\n');
  });

  it('an event split inside a multi-byte character is printed whole', async () => {
    const result = await watch('split');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /\npod\/café\n$/);
  });

  it('a stream the server closes ends the watch quietly, exit 0', async () => {
    const result = await watch('close');
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout.split('\n').length, 6, 'the list only');
    assert.equal(result.stderr, '');
  });
});
