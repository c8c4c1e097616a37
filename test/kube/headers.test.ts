/**
 * SPEC §7: every HTTP request of a command carries X-Request-ID, Audit-ID (request_id with
 * "_"→"-", then -1, -2, …) and iddio's User-Agent. Proven from the sandbox's own audit log
 * (auditID and userAgent as the API server recorded them) and, for X-Request-ID (which an
 * API server does not log), from a capturing server.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditIdFor, newRequestId } from '../../src/audit/request-id.js';
import { startSandbox, VIEWER_CONTEXT, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { runExecutor } from './helpers.js';

interface K8sAuditEvent {
  auditID: string;
  requestURI: string;
  userAgent?: string;
  user: { username: string };
  responseStatus: { code: number };
}

let sandbox: Sandbox;
const home = tempDir('iddio-headers-home-');

function auditEventsFor(requestId: string): K8sAuditEvent[] {
  return readFileSync(sandbox.auditLogPath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as K8sAuditEvent)
    .filter((event) => event.userAgent?.includes(`request_id=${requestId})`));
}

describe('correlation headers, from the sandbox audit log', () => {
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('a first command (discovery + list) tags every request, numbered in order', async () => {
    const cacheDir = tempDir('iddio-headers-cache-');
    const requestId = newRequestId();
    const result = await runExecutor(['get', 'pods', '-n', 'payments'], {
      requestId,
      cacheDir,
      env: { HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(result.apiRequests.length >= 3, 'discovery (/api, /apis) and the list');
    assert.deepEqual(
      result.apiRequests.map((r) => r.audit_id),
      result.apiRequests.map((_, i) => auditIdFor(requestId, i + 1)),
    );
    const events = auditEventsFor(requestId);
    // The server saw exactly the requests the executor reports, with the same IDs and paths.
    const byId = new Map(events.map((event) => [event.auditID, event]));
    assert.equal(events.length, result.apiRequests.length);
    for (const request of result.apiRequests) {
      const event = byId.get(request.audit_id);
      assert.ok(event, `the API server logged ${request.audit_id}`);
      assert.equal(event.requestURI, request.path);
      assert.equal(event.responseStatus.code, request.status);
      assert.equal(event.userAgent, `iddio/0.1.0 (agent=test-agent; request_id=${requestId})`);
    }
    assert.ok(
      result.apiRequests.some((r) => r.path.startsWith('/api/v1/namespaces/payments/pods')),
    );
  });

  it('a second command reuses the discovery cache: one request, Audit-ID -1', async () => {
    const cacheDir = tempDir('iddio-headers-cache-');
    const env = { HOME: home, KUBECONFIG: sandbox.kubeconfigPath };
    await runExecutor(['get', 'pods'], { requestId: newRequestId(), cacheDir, env });
    const requestId = newRequestId();
    const result = await runExecutor(['get', 'deploy', '-n', 'payments'], {
      requestId,
      cacheDir,
      env,
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(
      result.apiRequests.map((r) => [r.method, r.path.split('?')[0], r.status, r.audit_id]),
      [['GET', '/apis/apps/v1/namespaces/payments/deployments', 200, auditIdFor(requestId, 1)]],
    );
    assert.deepEqual(
      auditEventsFor(requestId).map((e) => e.auditID),
      [auditIdFor(requestId, 1)],
    );
  });

  it('failed requests are reported with their status, and still tagged', async () => {
    const requestId = newRequestId();
    const result = await runExecutor(['get', 'pod', 'does-not-exist', '-n', 'payments'], {
      requestId,
      cacheDir: tempDir('iddio-headers-cache-'),
      env: { HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
    });
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, 'Error from server (NotFound): pods "does-not-exist" not found\n');
    const last = result.apiRequests.at(-1);
    assert.equal(last?.status, 404);
    assert.equal(
      auditEventsFor(requestId).find((e) => e.auditID === last?.audit_id)?.responseStatus.code,
      404,
    );
  });

  it('--context selects the viewer credential: the server sees a different user', async () => {
    const env = { HOME: home, KUBECONFIG: sandbox.kubeconfigPath };
    const cacheDir = tempDir('iddio-headers-cache-');
    const admin = newRequestId();
    const viewer = newRequestId();
    await runExecutor(['get', 'ns'], { requestId: admin, cacheDir, env });
    await runExecutor(['get', 'ns', '--context', VIEWER_CONTEXT], {
      requestId: viewer,
      cacheDir,
      env,
    });
    const adminUsers = new Set(auditEventsFor(admin).map((e) => e.user.username));
    const viewerUsers = new Set(auditEventsFor(viewer).map((e) => e.user.username));
    assert.equal(adminUsers.size, 1);
    assert.equal(viewerUsers.size, 1);
    assert.notDeepEqual([...adminUsers], [...viewerUsers]);
  });
});

describe('correlation headers, from a capturing server', () => {
  it('X-Request-ID, Audit-ID, User-Agent and the kubeconfig credential on every request', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.3' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const dir = tempDir('iddio-headers-capture-');
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: capture-token}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
`,
    );
    const requestId = newRequestId();
    try {
      const result = await runExecutor(['version'], {
        requestId,
        cacheDir: dir,
        agent: 'claude-code',
        env: { HOME: dir, KUBECONFIG: kubeconfig },
      });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(seen.length, 1);
      const headers = seen[0] as IncomingHttpHeaders;
      assert.equal(headers['x-request-id'], requestId);
      assert.equal(headers['audit-id'], `${requestId.replace('_', '-')}-1`);
      assert.equal(
        headers['user-agent'],
        `iddio/0.1.0 (agent=claude-code; request_id=${requestId})`,
      );
      assert.equal(headers.authorization, 'Bearer capture-token');
    } finally {
      server.close();
    }
  });

  it('an agent name cannot inject header syntax or control characters', async () => {
    const { userAgent } = await import('../../src/kube/client.js');
    const ua = userAgent({
      requestId: 'idd_X',
      agent: 'evil\r\nX-Injected: 1; (x)',
      version: '0.1.0',
    });
    assert.doesNotMatch(ua, /[\r\n]/);
    assert.equal(ua, 'iddio/0.1.0 (agent=evilX-Injected: 1_ _x_; request_id=idd_X)');
  });
});
