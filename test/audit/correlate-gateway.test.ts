/**
 * `audit correlate` on a gateway's log: the gateway writes the same events (its `completed`
 * lists every request with its Audit-ID), so the real kubectl through the gateway joins, and the
 * same kubectl run straight at the cluster with the gateway's upstream credential is a bypass.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { correlate } from '../../src/audit/correlate/correlate.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { auditEvents, eventually, gatewayFor } from '../gateway/helpers.js';

test('through the gateway: every request joins; the upstream credential used directly is a bypass', async () => {
  const dir = tempDir();
  const sandbox = await startSandbox({
    kubeconfigPath: join(dir, 'kc'),
    auditLogPath: join(dir, 'k8s.ndjson'),
  });
  const gw = await gatewayFor(sandbox.kubeconfigPath);
  try {
    const env = { ...process.env, HOME: tempDir() };
    const via = await runProcess(kubectlPath(), ['get', 'pods', '-n', 'payments'], {
      env: { ...env, KUBECONFIG: gw.kubeconfig },
    });
    assert.equal(via.code, 0, via.stderr);
    await eventually(() => auditEvents(gw.paths.auditLog).find((e) => e.stage === 'completed'));
    const joined = await correlate({
      iddioLog: gw.paths.auditLog,
      k8sAudit: [sandbox.auditLogPath],
    });
    assert.equal(joined.unexplained, 0, JSON.stringify(joined.findings));
    assert.ok(joined.matched >= 1);
    assert.deepEqual(joined.credentials, ['sandbox-admin']);

    const around = await runProcess(kubectlPath(), ['get', 'secrets', '-n', 'payments'], {
      env: { ...env, KUBECONFIG: sandbox.kubeconfigPath },
    });
    assert.equal(around.code, 0, around.stderr);
    const report = await correlate({
      iddioLog: gw.paths.auditLog,
      k8sAudit: [sandbox.auditLogPath],
    });
    assert.ok(report.findings.length >= 1);
    assert.deepEqual(new Set(report.findings.map((f) => f.kind)), new Set(['bypass']));
    assert.ok(
      report.findings.some(
        (f) => f.native?.verb === 'list' && f.native.objectRef?.resource === 'secrets',
      ),
    );
  } finally {
    await gw.stop();
    await sandbox.stop();
  }
});

test("with --impersonate the cluster names the agent, matching iddio's record; the gateway's own start-up access checks are on record and join", async () => {
  const dir = tempDir();
  const sandbox = await startSandbox({
    kubeconfigPath: join(dir, 'kc'),
    auditLogPath: join(dir, 'k8s.ndjson'),
  });
  const gw = await gatewayFor(sandbox.kubeconfigPath, { extra: { impersonate: true } });
  try {
    const env = { ...process.env, HOME: tempDir(), KUBECONFIG: gw.kubeconfig };
    // No RBAC binds the agent in this cluster: the list is Forbidden, and on record on both sides.
    const via = await runProcess(kubectlPath(), ['get', 'pods', '-n', 'payments'], { env });
    assert.match(via.stderr, /User "iddio:agent:bot" cannot list/);
    await eventually(() =>
      auditEvents(gw.paths.auditLog).find((e) => e.stage === 'completed' && e.agent === 'bot'),
    );
    const report = await correlate({
      iddioLog: gw.paths.auditLog,
      k8sAudit: [sandbox.auditLogPath],
    });
    // The gateway checks its impersonation rights at start (SelfSubjectAccessReviews): those
    // are its own command on record, so nothing is unexplained.
    assert.deepEqual(report.findings, []);
    const checks = report.commands.filter((c) => c.agent === 'iddio-gateway');
    assert.equal(checks.length, 1);
    assert.ok(
      checks[0]?.requests.every(
        (r) => r.native?.objectRef?.resource === 'selfsubjectaccessreviews',
      ),
    );
    const natives = report.commands
      .filter((c) => c.agent === 'bot')
      .flatMap((c) => c.requests.map((r) => r.native));
    assert.ok(natives.length > 0);
    assert.ok(natives.every((n) => n?.impersonatedUser?.username === 'iddio:agent:bot'));
  } finally {
    await gw.stop();
    await sandbox.stop();
  }
});
