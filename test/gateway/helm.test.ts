/**
 * helm — a client no one here wrote — installs, lists and uninstalls a chart from a local
 * directory, straight at the sandbox and through `iddio serve` with nothing but an agent
 * kubeconfig. helm keeps its releases in Secrets (a T3 read) and uninstalls with a
 * protobuf-encoded DeleteOptions, so both the gateway's wire grammar and the sandbox's decoder
 * are exercised by a real client.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir, type RunResult } from '../helpers/cli.js';
import { helmPath } from '../helpers/kubectl.js';
import { auditEvents, eventually, gatewayFor, type TestGateway } from './helpers.js';

function writeChart(): string {
  const dir = join(tempDir('iddio-helm-chart-'), 'tiny');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), 'greeting: hello\n');
  writeFileSync(
    join(dir, 'templates', 'configmap.yaml'),
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-settings',
      'data:',
      '  greeting: {{ .Values.greeting | quote }}',
      '',
    ].join('\n'),
  );
  return dir;
}

function helm(kubeconfig: string, argv: string[]): Promise<RunResult> {
  const home = tempDir('iddio-helm-home-');
  return runProcess(helmPath(), argv, {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      KUBECONFIG: kubeconfig,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    },
    timeoutMs: 60_000,
  });
}

/** install → list → uninstall → list, each exiting 0, the release there and then gone. */
async function lifecycle(kubeconfig: string, release: string, chart: string): Promise<void> {
  const install = await helm(kubeconfig, ['install', release, chart, '-n', 'payments']);
  assert.equal(install.code, 0, install.stderr);
  assert.match(install.stdout, new RegExp(`^NAME: ${release}$`, 'm'));
  assert.match(install.stdout, /^STATUS: deployed$/m);
  const listed = await helm(kubeconfig, ['list', '-n', 'payments', '-o', 'json']);
  assert.equal(listed.code, 0, listed.stderr);
  const releases = JSON.parse(listed.stdout) as Array<{ name: string; status: string }>;
  assert.deepEqual(
    releases.filter((r) => r.name === release).map((r) => r.status),
    ['deployed'],
  );
  const uninstall = await helm(kubeconfig, ['uninstall', release, '-n', 'payments']);
  assert.equal(uninstall.code, 0, uninstall.stderr);
  assert.equal(uninstall.stdout, `release "${release}" uninstalled\n`);
  const after = await helm(kubeconfig, ['list', '-n', 'payments', '-q']);
  assert.equal(after.code, 0, after.stderr);
  assert.doesNotMatch(after.stdout, new RegExp(`^${release}$`, 'm'));
}

describe('helm', () => {
  let sandbox: Sandbox;
  let gw: TestGateway;
  let chart: string;

  before(async () => {
    sandbox = await startSandbox();
    gw = await gatewayFor(sandbox.kubeconfigPath, {
      policy: 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n',
    });
    chart = writeChart();
  });
  after(async () => {
    await gw.stop();
    await sandbox.stop();
  });

  it('installs, lists and uninstalls a local chart straight at the sandbox', async () => {
    await lifecycle(sandbox.kubeconfigPath, 'direct', chart);
  });

  it('does the same through the gateway with only the agent kubeconfig, every command on record', async () => {
    await lifecycle(gw.kubeconfig, 'through', chart);
    // The chart's ConfigMap and the release Secret went through the gateway and are gone again.
    const completed = await eventually(() => {
      const events = auditEvents(gw.paths.auditLog).filter((e) => e.stage === 'completed');
      const paths = events.flatMap((e) =>
        (e.api_requests ?? []).map((r) => `${r.method} ${r.path}`),
      );
      const wanted = [
        'POST /api/v1/namespaces/payments/configmaps',
        'DELETE /api/v1/namespaces/payments/configmaps/through-settings',
        'POST /api/v1/namespaces/payments/secrets',
        'DELETE /api/v1/namespaces/payments/secrets/sh.helm.release.v1.through.v1',
      ];
      return wanted.every((w) => paths.includes(w)) ? events : undefined;
    });
    // helm probes for objects before creating them: a 404 is part of a good install.
    const statuses = completed.flatMap((e) => (e.api_requests ?? []).map((r) => r.status));
    assert.ok(statuses.every((status) => status < 500 && status !== 403 && status !== 401));
    const decided = auditEvents(gw.paths.auditLog).filter((e) => e.stage === 'decided');
    assert.ok(decided.every((e) => e.agent === 'bot' && e.decision === 'allow'));
    // Reading the release Secrets is what makes helm list a T3 command.
    assert.ok(decided.some((e) => e.tier === 3 && e.rule === 'secret-read'));
  });
});
