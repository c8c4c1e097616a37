/**
 * The gateway end to end: the real kubectl 1.32.3 with nothing but an agent kubeconfig, through
 * `iddio serve` (in process), to the sandbox. Reads pass and print exactly what kubectl prints
 * straight at the sandbox; refusals are Kubernetes Forbidden errors naming iddio, the tier, the
 * rule and the request ID; every request is on record, and the sandbox's own audit log carries
 * the command's Audit-IDs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runIddio, runProcess, tempDir, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { auditEvents, eventually, gatewayFor, type TestGateway } from './helpers.js';

function kubectl(kubeconfig: string, argv: string[]): Promise<RunResult> {
  return runProcess(kubectlPath(), argv, {
    env: { PATH: process.env.PATH, HOME: tempDir('iddio-gw-kc-'), KUBECONFIG: kubeconfig },
    timeoutMs: 60_000,
  });
}

function raw(
  gw: TestGateway,
  method: string,
  path: string,
  options: { body?: string | Buffer; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, gw.gateway.url);
    const req = https.request(
      url,
      {
        method,
        ca: gw.caCert,
        headers: {
          Authorization: `Bearer ${options.token ?? gw.token}`,
          'Content-Type': 'application/json',
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

interface NativeEvent {
  auditID: string;
  userAgent?: string;
  user?: { username?: string };
  verb?: string;
}

function nativeEvents(sandbox: Sandbox): NativeEvent[] {
  return readFileSync(sandbox.auditLogPath, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as NativeEvent);
}

describe('iddio serve with the real kubectl', () => {
  let sandbox: Sandbox;
  let gw: TestGateway;

  before(async () => {
    sandbox = await startSandbox();
    gw = await gatewayFor(sandbox.kubeconfigPath, {
      policy: 'version: 1\napproval: { timeout: 20s }\n',
    });
  });
  after(async () => {
    await gw.stop();
    await sandbox.stop();
  });

  it('a T0 read prints exactly what kubectl prints straight at the cluster', async () => {
    for (const argv of [
      ['get', 'pods', '-n', 'payments'],
      ['get', 'deploy', '-A', '-o', 'wide'],
      ['describe', 'deployment', 'api', '-n', 'payments'],
      ['get', 'pod', 'nope', '-n', 'payments'],
    ]) {
      const direct = await kubectl(sandbox.kubeconfigPath, argv);
      const through = await kubectl(gw.kubeconfig, argv);
      assert.equal(through.code, direct.code, argv.join(' '));
      assert.equal(
        through.stdout.replace(/\d+[smhd]\b/g, '<age>'),
        direct.stdout.replace(/\d+[smhd]\b/g, '<age>'),
      );
      assert.equal(through.stderr, direct.stderr);
    }
  });

  it('one kubectl invocation is one command: one decided, one completed, every request with its Audit-ID upstream', async () => {
    const before = auditEvents(gw.paths.auditLog).length;
    const result = await kubectl(gw.kubeconfig, ['get', 'pods', '-n', 'payments', '-o', 'name']);
    assert.equal(result.code, 0);
    const completed = await eventually(() =>
      auditEvents(gw.paths.auditLog)
        .slice(before)
        .find(
          (e) =>
            e.stage === 'completed' &&
            (e.api_requests ?? []).some((r) => r.path === '/api/v1/namespaces/payments/pods'),
        ),
    );
    const events = auditEvents(gw.paths.auditLog)
      .slice(before)
      .filter((e) => e.request_id === completed.request_id);
    assert.deepEqual(
      events.map((e) => e.stage),
      ['decided', 'completed'],
    );
    assert.equal(events[0]?.agent, 'bot');
    assert.equal(events[0]?.tier, 0);
    assert.equal(completed.exit_code, 0);
    const ids = (completed.api_requests ?? []).map((r) => r.audit_id);
    assert.ok(ids.length >= 1);
    const prefix = completed.request_id.replace('_', '-');
    assert.ok(ids.every((id) => id.startsWith(`${prefix}-`)));
    const native = nativeEvents(sandbox);
    for (const id of ids) {
      const event = native.find((n) => n.auditID === id);
      assert.ok(event, `the sandbox recorded ${id}`);
      assert.match(event.userAgent ?? '', /^iddio\/\S+ \(agent=bot; request_id=idd_/);
    }
  });

  it('a T4 request is refused with a Forbidden error that names iddio, tier, rule and request', async () => {
    const result = await kubectl(gw.kubeconfig, ['get', 'pods', '-n', 'payments', '--as', 'admin']);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Error from server \(Forbidden\): iddio: denied: .*\(T4 break-glass, rule impersonation, request idd_[0-9A-Z]{26}\)\n$/,
    );
    const id = /request (idd_\w+)/.exec(result.stderr)?.[1];
    const decided = auditEvents(gw.paths.auditLog).find(
      (e) => e.request_id === id && e.stage === 'decided',
    );
    assert.equal(decided?.decision, 'deny');
  });

  it('no token, an unknown token and a revoked token are 401, on record', async () => {
    const unknown = await raw(gw, 'GET', '/api/v1/namespaces/payments/pods', {
      token: 'iddio_not-a-real-token',
    });
    assert.equal(unknown.status, 401);
    assert.match(unknown.body, /"reason":"Unauthorized"/);
    const none = await raw(gw, 'GET', '/api/v1/pods', { token: '' });
    assert.equal(none.status, 401);
    const other = await gw.agent('leaver');
    const revoke = await runIddio(['agent', 'revoke', 'leaver'], {
      env: { IDDIO_HOME: gw.paths.home },
    });
    assert.equal(revoke.code, 0, revoke.stderr);
    const refused = await kubectl(other, ['get', 'pods', '-n', 'payments']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /must be logged in/);
    assert.ok(
      auditEvents(gw.paths.auditLog).some((e) => /agent "leaver" was revoked/.test(e.reason ?? '')),
    );
    const denials = auditEvents(gw.paths.auditLog).filter(
      (e) => e.decision === 'deny' && /token/.test(e.reason ?? ''),
    );
    assert.ok(denials.length >= 3);
  });

  it('a T2 write waits for a human, and `iddio approve` in the gateway home lets it through', async () => {
    const running = kubectl(gw.kubeconfig, [
      'scale',
      'deployment',
      'api',
      '-n',
      'payments',
      '--replicas=4',
    ]);
    const id = await eventually(() => {
      const line = gw.logs.find((l) => l.includes('iddio approve'));
      return line === undefined ? undefined : /approve (idd_\w+)/.exec(line)?.[1];
    }, 15_000);
    const approve = await runIddio(['approve', id, '--reason', 'test'], {
      env: { IDDIO_HOME: gw.paths.home },
    });
    assert.equal(approve.code, 0, approve.stderr);
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'deployment.apps/api scaled\n');
    // kubectl reads the deployment first (T0, allowed), then patches its scale (T2, asked).
    const decided = auditEvents(gw.paths.auditLog).find(
      (e) => e.request_id === id && e.stage === 'decided' && e.tier === 2,
    );
    assert.equal(decided?.decision, 'escalate');
    assert.equal(
      (decided as { approved_by?: string } | undefined)?.approved_by !== undefined,
      true,
    );
  });

  it('a declined write is Forbidden, and later requests of the same command are not asked again', async () => {
    gw.logs.length = 0;
    const listPods = async (): Promise<string> =>
      (
        await kubectl(sandbox.kubeconfigPath, [
          'get',
          'pods',
          '-n',
          'payments',
          '-l',
          'app=api',
          '-o',
          'name',
        ])
      ).stdout;
    const podsBefore = await listPods();
    assert.ok(podsBefore.trim().split('\n').length >= 3);
    const running = kubectl(gw.kubeconfig, ['delete', 'pods', '-n', 'payments', '-l', 'app=api']);
    const id = await eventually(() => {
      const line = gw.logs.find((l) => l.includes('iddio deny'));
      return line === undefined ? undefined : /deny (idd_\w+)/.exec(line)?.[1];
    }, 15_000);
    // The human answers with --home, from a shell whose IDDIO_HOME is elsewhere.
    const deny = await runIddio(['deny', id, '--home', gw.paths.home]);
    assert.equal(deny.code, 0, deny.stderr);
    const result = await running;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Error from server \(Forbidden\): iddio: not approved: /);
    // Several pods, one question, and none deleted.
    assert.equal(gw.logs.filter((l) => l.includes('iddio approve')).length, 1);
    assert.equal(await listPods(), podsBefore);
  });

  it('bad input: malformed JSON is 400, an unknown method 403, impersonation headers never reach upstream', async () => {
    const malformed = await raw(gw, 'POST', '/api/v1/namespaces/payments/configmaps', {
      body: '{"kind":',
    });
    assert.equal(malformed.status, 400);
    assert.match(malformed.body, /"reason":"BadRequest"/);
    const weird = await raw(gw, 'PROPFIND', '/api/v1/namespaces/payments/pods');
    assert.ok(weird.status === 403 || weird.status === 400, String(weird.status));
    const impersonating = await raw(gw, 'GET', '/api/v1/namespaces/payments/pods', {
      headers: { 'Impersonate-User': 'system:admin' },
    });
    assert.equal(impersonating.status, 403);
    assert.match(impersonating.body, /rule impersonation/);
  });

  it('iddio kubectl with the agent kubeconfig leaves the decision to the gateway and prints what kubectl prints', async () => {
    const agentHome = tempDir('iddio-gw-agent-home-');
    const env = { KUBECONFIG: gw.kubeconfig, HOME: tempDir('iddio-gw-h-'), IDDIO_HOME: agentHome };
    const argv = ['get', 'deployments', '-n', 'payments'];
    const direct = await kubectl(sandbox.kubeconfigPath, argv);
    const ours = await runIddio(['kubectl', ...argv], { env });
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(
      ours.stdout.replace(/\d+[smhd]\b/g, '<age>'),
      direct.stdout.replace(/\d+[smhd]\b/g, '<age>'),
    );
    const refused = await runIddio(['kubectl', 'delete', 'namespace', 'staging'], { env });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^Error from server \(Forbidden\): iddio: denied: .*rule namespace-write/,
    );
    // Nothing on the agent's side: the gateway's log is the record.
    assert.deepEqual(auditEvents(`${agentHome}/audit/audit.ndjson`), []);
    const denied = auditEvents(gw.paths.auditLog).filter(
      (e) => e.rule === 'namespace-write' && e.decision === 'deny',
    );
    assert.equal(denied.length, 1);
  });

  it('an absolute-form request target is forwarded as the path that was decided', async () => {
    const url = new URL(gw.gateway.url);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect({ host: url.hostname, port: Number(url.port), ca: gw.caCert }, () => {
        socket.write(
          'GET https://elsewhere.invalid/api/v1/namespaces/payments/configmaps?x=1 HTTP/1.1\r\n' +
            `Host: x\r\nAuthorization: Bearer ${gw.token}\r\nConnection: close\r\n\r\n`,
        );
      });
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 200 /);
    const seen = readFileSync(sandbox.auditLogPath, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"idd-'))
      .map((l) => (JSON.parse(l) as { requestURI: string }).requestURI);
    assert.ok(seen.includes('/api/v1/namespaces/payments/configmaps?x=1'), seen.join(' '));
  });

  it('a body over the limit is 413', async () => {
    const small = await gatewayFor(sandbox.kubeconfigPath, { extra: { bodyLimit: 1024 } });
    try {
      const big = await raw(small, 'POST', '/api/v1/namespaces/payments/configmaps', {
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          data: { a: 'x'.repeat(4096) },
        }),
      });
      assert.equal(big.status, 413);
    } finally {
      await small.stop();
    }
  });
});

describe('iddio serve with its upstream down', () => {
  it('answers 503, and the command fails as kubectl fails, on record', async () => {
    const sandbox = await startSandbox();
    const gw = await gatewayFor(sandbox.kubeconfigPath);
    await sandbox.stop();
    try {
      const result = await kubectl(gw.kubeconfig, ['get', 'configmaps', '-n', 'payments']);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Error from server \(ServiceUnavailable\)/);
      const completed = await eventually(() =>
        auditEvents(gw.paths.auditLog).find((e) => e.stage === 'completed' && e.exit_code === 1),
      );
      assert.ok((completed.api_requests ?? []).some((r) => r.status === 503));
    } finally {
      await gw.stop();
    }
  });
});
