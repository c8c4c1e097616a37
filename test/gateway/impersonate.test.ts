/**
 * `iddio serve --impersonate` against the sandbox, with the real kubectl: the cluster's own
 * audit log names the agent and carries the iddio request ID and tier; `auth whoami` shows the
 * agent; cluster RBAC is a second wall behind iddio's policy; the RBAC that `iddio gateway
 * rbac` prints is exactly enough for a ServiceAccount gateway; and a gateway whose credential
 * may not impersonate refuses to start.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runIddio, runProcess, tempDir, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { auditEvents, eventually, gatewayFor } from './helpers.js';

function kubectl(kubeconfig: string, argv: string[], input?: string): Promise<RunResult> {
  return runProcess(kubectlPath(), argv, {
    env: { PATH: process.env.PATH, HOME: tempDir('iddio-imp-kc-'), KUBECONFIG: kubeconfig },
    ...(input !== undefined ? { input } : {}),
    timeoutMs: 60_000,
  });
}

interface Native {
  auditID: string;
  userAgent?: string;
  user: { username: string };
  impersonatedUser?: { username: string; groups: string[]; extra?: Record<string, string[]> };
  objectRef?: { resource?: string };
  responseStatus: { code: number };
}

function native(sandbox: Sandbox): Native[] {
  return readFileSync(sandbox.auditLogPath, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Native);
}

/** A kubeconfig for the sandbox that authenticates with `token`. */
function tokenKubeconfig(sandbox: Sandbox, token: string): string {
  const text = readFileSync(sandbox.kubeconfigPath, 'utf8');
  const ca = /certificate-authority-data: (\S+)/.exec(text)?.[1] ?? '';
  const file = join(tempDir('iddio-imp-up-'), 'kubeconfig');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: s, cluster: {server: "${sandbox.url}", certificate-authority-data: ${ca}}}]`,
      `users: [{name: u, user: {token: "${token}"}}]`,
      'contexts: [{name: c, context: {cluster: s, user: u}}]',
      'current-context: c',
    ].join('\n'),
  );
  return file;
}

describe('iddio serve --impersonate', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.stop());

  it("names the agent, its request ID and tier in the cluster's own audit log; whoami shows the agent", async () => {
    const gw = await gatewayFor(sandbox.kubeconfigPath, { extra: { impersonate: true } });
    try {
      // Cluster RBAC for the agent: reads of pods in payments, nothing else.
      const rbac = [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: Role',
        'metadata: {name: pods-reader, namespace: payments}',
        'rules: [{apiGroups: [""], resources: [pods], verbs: [get, list, watch]}]',
        '---',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: RoleBinding',
        'metadata: {name: bot-pods, namespace: payments}',
        'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pods-reader}',
        'subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "iddio:agent:bot"}]',
      ].join('\n');
      const applied = await kubectl(sandbox.kubeconfigPath, ['apply', '-f', '-'], rbac);
      assert.equal(applied.code, 0, applied.stderr);

      const whoami = await kubectl(gw.kubeconfig, ['auth', 'whoami']);
      assert.equal(whoami.code, 0, whoami.stderr);
      assert.match(whoami.stdout, /Username\s+iddio:agent:bot\n/);
      assert.match(whoami.stdout, /Groups\s+\[iddio:agents system:authenticated\]/);

      const pods = await kubectl(gw.kubeconfig, ['get', 'pods', '-n', 'payments', '-o', 'name']);
      assert.equal(pods.code, 0, pods.stderr);
      assert.match(pods.stdout, /^pod\/api-/);

      // iddio's policy allows this T0 read; the cluster's RBAC does not: the second wall.
      const deployments = await kubectl(gw.kubeconfig, ['get', 'deployments', '-n', 'payments']);
      assert.equal(deployments.code, 1);
      assert.match(
        deployments.stderr,
        /Error from server \(Forbidden\): deployments\.apps is forbidden: User "iddio:agent:bot" cannot list resource "deployments" in API group "apps" in the namespace "payments"/,
      );
      const completed = await eventually(() =>
        auditEvents(gw.paths.auditLog).find(
          (e) =>
            e.stage === 'completed' &&
            (e.api_requests ?? []).some((r) => r.path.endsWith('/deployments') && r.status === 403),
        ),
      );
      assert.equal(completed.exit_code, 1);

      const throughGateway = native(sandbox).filter((e) => /agent=bot;/.test(e.userAgent ?? ''));
      assert.ok(throughGateway.length >= 3);
      for (const event of throughGateway) {
        assert.equal(event.impersonatedUser?.username, 'iddio:agent:bot');
        assert.deepEqual(event.impersonatedUser?.groups, ['iddio:agents', 'system:authenticated']);
        const requestId = event.impersonatedUser?.extra?.['iddio.dev/request-id']?.[0] ?? '';
        assert.equal(event.auditID.startsWith(requestId.replace('_', '-')), true, event.auditID);
        assert.match(event.impersonatedUser?.extra?.['iddio.dev/tier']?.[0] ?? '', /^[0-4]$/);
      }
    } finally {
      await gw.stop();
    }
  });

  it('the RBAC from `iddio gateway rbac` lets a ServiceAccount gateway serve its agents, and no more', async () => {
    const setup = await kubectl(sandbox.kubeconfigPath, ['create', 'namespace', 'iddio']);
    assert.equal(setup.code, 0, setup.stderr);
    const sa = await kubectl(sandbox.kubeconfigPath, [
      'create',
      'serviceaccount',
      'iddio-gateway',
      '-n',
      'iddio',
    ]);
    assert.equal(sa.code, 0, sa.stderr);
    const token = await kubectl(sandbox.kubeconfigPath, [
      'create',
      'token',
      'iddio-gateway',
      '-n',
      'iddio',
    ]);
    assert.equal(token.code, 0, token.stderr);
    const upstream = tokenKubeconfig(sandbox, token.stdout.trim());

    // Without the RBAC the gateway refuses to start, and says what to apply.
    await assert.rejects(
      gatewayFor(upstream, { extra: { impersonate: true } }),
      /may not impersonate users "iddio:agent:bot".*iddio gateway rbac \| kubectl apply -f -/,
    );

    const rbac = await runIddio([
      'gateway',
      'rbac',
      '--agents',
      'bot',
      '--namespace',
      'iddio',
      '--agent-namespace',
      'payments',
    ]);
    assert.equal(rbac.code, 0, rbac.stderr);
    const applied = await kubectl(sandbox.kubeconfigPath, ['apply', '-f', '-'], rbac.stdout);
    assert.equal(applied.code, 0, applied.stderr);

    const gw = await gatewayFor(upstream, { extra: { impersonate: true } });
    try {
      const pods = await kubectl(gw.kubeconfig, ['get', 'pods', '-n', 'payments', '-o', 'name']);
      assert.equal(pods.code, 0, pods.stderr);
      const event = native(sandbox).findLast((e) => e.auditID.startsWith('idd-'));
      assert.equal(event?.user.username, 'system:serviceaccount:iddio:iddio-gateway');
      assert.equal(event?.impersonatedUser?.username, 'iddio:agent:bot');
      // Another agent, not in the RBAC: the cluster refuses the impersonation itself.
      const other = await gw.agent('stranger');
      const refused = await kubectl(other, ['get', 'pods', '-n', 'payments']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /Error from server \(Forbidden\)/);
      const strangers = native(sandbox).filter((e) => /agent=stranger;/.test(e.userAgent ?? ''));
      assert.ok(strangers.length > 0);
      assert.deepEqual(
        strangers.filter((e) => e.responseStatus.code !== 403),
        [],
        'the cluster itself refused every request made as the unlisted agent',
      );
    } finally {
      await gw.stop();
    }
  });

  it('a gateway whose credential may not impersonate refuses to start, with one line', async () => {
    const viewer = tokenKubeconfig(sandbox, sandbox.viewerToken);
    await assert.rejects(gatewayFor(viewer, { extra: { impersonate: true } }), (error: Error) => {
      assert.match(
        error.message,
        /^the upstream identity may not impersonate users "iddio:agent:bot"/,
      );
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });
});
