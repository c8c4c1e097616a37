/**
 * `iddio audit correlate`: joins by auditID, with missing and extra events on either side,
 * and end to end: a request made around iddio with the same kubeconfig is the bypass it finds.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AuditEventInput } from '../../src/audit/event.js';
import { correlate } from '../../src/audit/correlate/correlate.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { buildEvents, writeLog } from './helpers/log.js';
import { runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const RID = (n: number) => `idd_01JQ2Z3X4Y5V6W7T8S9R${String(n).padStart(6, '0')}`;
const AID = (n: number, i: number) => `${RID(n).replace('_', '-')}-${i}`;

function command(n: number, agent: string, requests: Array<[string, number]>): AuditEventInput[] {
  return [
    {
      stage: 'decided',
      request_id: RID(n),
      agent,
      argv: ['get', 'pods'],
      tier: 0,
      decision: 'allow',
    },
    {
      stage: 'completed',
      request_id: RID(n),
      agent,
      exit_code: 0,
      duration_ms: 500,
      api_requests: requests.map(([path, status], i) => ({
        method: 'GET',
        path,
        status,
        audit_id: AID(n, i + 1),
      })),
    },
  ];
}

function native(auditID: string, atSeconds: number, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/payments/pods',
    verb: 'list',
    user: { username: 'admin', groups: ['system:masters'] },
    objectRef: { resource: 'pods', namespace: 'payments', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: new Date(T0 + atSeconds * 1000).toISOString(),
    ...extra,
  })}\n`;
}

function iddioLog(inputs: AuditEventInput[]): string {
  const dir = tempDir();
  const { lines } = buildEvents(inputs.length, {
    start: new Date(T0),
    input: (i) => inputs[i] as AuditEventInput,
  });
  return writeLog(join(dir, 'audit.ndjson'), lines);
}

function nativeLog(lines: string[]): string {
  const path = join(tempDir(), 'k8s-audit.ndjson');
  writeFileSync(path, lines.join(''));
  return path;
}

test('every request joins its event (a RequestReceived stage before it is folded in): nothing unexplained', async () => {
  const log = iddioLog([
    ...command(1, 'claude', [
      ['/api', 200],
      ['/pods', 200],
    ]),
  ]);
  const k8s = nativeLog([
    native(AID(1, 1), 0, { stage: 'RequestReceived' }),
    native(AID(1, 1), 0),
    native(AID(1, 2), 0),
  ]);
  const report = await correlate({ iddioLog: log, k8sAudit: [k8s] });
  assert.equal(report.unexplained, 0);
  assert.equal(report.matched, 2);
  assert.deepEqual(report.credentials, ['admin']);
  assert.equal(report.commands[0]?.requests[0]?.native?.stage, 'ResponseComplete');
});

test('extra on the cluster side: a bypass by the same credential, an unknown iddio Audit-ID, an unlisted one', async () => {
  const log = iddioLog([...command(1, 'claude', [['/pods', 200]])]);
  const k8s = nativeLog([
    native(AID(1, 1), 0),
    native('5f3c-uuid-of-kubectl', 1, { userAgent: 'kubectl/v1.32.3' }),
    native('another-user-uuid', 1, { user: { username: 'someone-else' } }),
    native(AID(9, 1), 2),
    native(AID(1, 7), 2),
  ]);
  const report = await correlate({ iddioLog: log, k8sAudit: [k8s] });
  assert.deepEqual(
    report.findings.map((f) => [f.kind, f.native?.auditID]),
    [
      ['bypass', '5f3c-uuid-of-kubectl'],
      ['unknown-audit-id', AID(9, 1)],
      ['unlisted', AID(1, 7)],
    ],
  );
  assert.equal(report.unexplained, 3);
});

test('a bypass is found even before iddio first used the credential (two passes)', async () => {
  const log = iddioLog([...command(1, 'claude', [['/pods', 200]])]);
  const k8s = nativeLog([native('early-bypass', 0), native(AID(1, 1), 5)]);
  const report = await correlate({ iddioLog: log, k8sAudit: [k8s] });
  assert.deepEqual(
    report.findings.map((f) => f.kind),
    ['bypass'],
  );
});

test('missing on the cluster side: answered requests in range are findings; unanswered or out of range are counted', async () => {
  const log = iddioLog([
    ...command(1, 'claude', [
      ['/a', 200],
      ['/b', 403],
      ['/c', 0],
    ]),
    ...command(2, 'claude', [['/late', 200]]),
  ]);
  // The cluster log covers only the first seconds: command 2 completes at T0+3s, out of range.
  const k8s = nativeLog([native(AID(1, 1), 0), native('x', 1.2, { user: { username: 'other' } })]);
  const report = await correlate({ iddioLog: log, k8sAudit: [k8s] });
  assert.deepEqual(
    report.findings.map((f) => [f.kind, f.request?.path]),
    [['missing', '/b']],
  );
  assert.equal(report.notAnswered, 1);
  assert.equal(report.outsideRange, 1);
});

test('an impersonated iddio agent that differs from the recorded agent is a mismatch; the same agent is not', async () => {
  const log = iddioLog([
    ...command(1, 'claude', [
      ['/a', 200],
      ['/b', 200],
    ]),
  ]);
  const k8s = nativeLog([
    native(AID(1, 1), 0, { impersonatedUser: { username: 'iddio:agent:claude' } }),
    native(AID(1, 2), 0, { impersonatedUser: { username: 'iddio:agent:cursor' } }),
  ]);
  const report = await correlate({ iddioLog: log, k8sAudit: [k8s] });
  assert.deepEqual(
    report.findings.map((f) => [f.kind, f.request?.path]),
    [['impersonation', '/b']],
  );
});

test('lines that are not Events are unexplained: what cannot be read cannot be ruled out', async () => {
  const log = iddioLog([...command(1, 'claude', [['/a', 200]])]);
  const k8s = nativeLog([native(AID(1, 1), 0), 'not json\n', '{"kind":"Pod"}\n']);
  const report = await correlate({ iddioLog: log, k8sAudit: [k8s] });
  assert.equal(report.badNativeLines, 2);
  assert.equal(report.unexplained, 2);
});

test('end to end: iddio against the sandbox joins; the real kubectl with the same kubeconfig is a bypass (exit 1)', async () => {
  const dir = tempDir();
  const sandbox = await startSandbox({
    kubeconfigPath: join(dir, 'kc'),
    auditLogPath: join(dir, 'k8s.ndjson'),
  });
  try {
    const home = tempDir();
    const env = { IDDIO_HOME: home, KUBECONFIG: sandbox.kubeconfigPath, IDDIO_AGENT: 'claude' };
    const got = await runIddio(['kubectl', 'get', 'pods', '-n', 'payments'], { env });
    assert.equal(got.code, 0, got.stderr);
    const clean = await runIddio(
      ['audit', 'correlate', '--k8s-audit', sandbox.auditLogPath, '--json'],
      { env },
    );
    assert.equal(clean.code, 0, clean.stdout);
    const joined = JSON.parse(clean.stdout) as { matched: number; unexplained: number };
    assert.ok(joined.matched >= 1);

    // The sandbox runs in this process: kubectl must run without blocking its event loop.
    const around = await runProcess(kubectlPath(), ['get', 'secrets', '-n', 'payments'], {
      env: { ...process.env, KUBECONFIG: sandbox.kubeconfigPath },
    });
    assert.equal(around.code, 0, around.stderr);
    const text = await runIddio(['audit', 'correlate', '--k8s-audit', sandbox.auditLogPath], {
      env,
    });
    assert.equal(text.code, 1, text.stdout);
    assert.match(text.stdout, /POSSIBLE BYPASS/);
    assert.match(text.stdout, /sandbox-admin {2}list secrets payments {2}200 .*kubectl\/v1\.32\.3/);
    // kubectl's own discovery requests (when its cache is cold) are bypasses too, and nothing else.
    const json = await runIddio(
      ['audit', 'correlate', '--k8s-audit', sandbox.auditLogPath, '--json'],
      { env },
    );
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as {
      findings: Array<{ kind: string }>;
      unexplained: number;
    };
    assert.ok(report.findings.length >= 1);
    assert.deepEqual(new Set(report.findings.map((f) => f.kind)), new Set(['bypass']));
    assert.equal(report.unexplained, report.findings.length);
  } finally {
    await sandbox.stop();
  }
});

test('usage: no --k8s-audit, or a file that is not there, is exit 2 with one line', async () => {
  const none = await runIddio(['audit', 'correlate']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--k8s-audit FILE is required/);
  const missing = await runIddio(['audit', 'correlate', '--k8s-audit', '/nonexistent/x']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
});
