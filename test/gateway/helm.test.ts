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
import { helmPath, kubectlPath } from '../helpers/kubectl.js';
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

/**
 * install → list → upgrade (a new value) → rollback → uninstall (waiting for the deletions)
 * → list, each exiting 0; `greeting` reads the chart's ConfigMap straight from the cluster.
 */
async function lifecycle(
  kubeconfig: string,
  release: string,
  chart: string,
  greeting: (configMap: string) => Promise<string>,
): Promise<void> {
  const ns = ['-n', 'payments'];
  const install = await helm(kubeconfig, ['install', release, chart, ...ns]);
  assert.equal(install.code, 0, install.stderr);
  assert.match(install.stdout, new RegExp(`^NAME: ${release}$`, 'm'));
  assert.match(install.stdout, /^STATUS: deployed$/m);
  const listed = await helm(kubeconfig, ['list', ...ns, '-o', 'json']);
  assert.equal(listed.code, 0, listed.stderr);
  const releases = JSON.parse(listed.stdout) as Array<{ name: string; status: string }>;
  assert.deepEqual(
    releases.filter((r) => r.name === release).map((r) => r.status),
    ['deployed'],
  );
  const configMap = `${release}-settings`;
  assert.equal(await greeting(configMap), 'hello');
  const upgrade = await helm(kubeconfig, [
    'upgrade',
    release,
    chart,
    ...ns,
    '--set',
    'greeting=hi',
  ]);
  assert.equal(upgrade.code, 0, upgrade.stderr);
  assert.equal(await greeting(configMap), 'hi');
  const rollback = await helm(kubeconfig, ['rollback', release, '1', ...ns]);
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.equal(await greeting(configMap), 'hello');
  const history = await helm(kubeconfig, ['history', release, ...ns, '-o', 'json']);
  assert.equal(history.code, 0, history.stderr);
  assert.deepEqual(
    (JSON.parse(history.stdout) as Array<{ revision: number }>).map((h) => h.revision),
    [1, 2, 3],
  );
  const uninstall = await helm(kubeconfig, ['uninstall', release, ...ns, '--wait']);
  assert.equal(uninstall.code, 0, uninstall.stderr);
  assert.equal(uninstall.stdout, `release "${release}" uninstalled\n`);
  assert.equal(await greeting(configMap), '<gone>');
  const after = await helm(kubeconfig, ['list', ...ns, '-q']);
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
  const greeting = async (configMap: string): Promise<string> => {
    const read = await runProcess(
      kubectlPath(),
      ['get', 'configmap', configMap, '-n', 'payments', '-o', 'jsonpath={.data.greeting}'],
      { env: { PATH: process.env.PATH, HOME: tempDir(), KUBECONFIG: sandbox.kubeconfigPath } },
    );
    return read.code === 0 ? read.stdout : '<gone>';
  };
  after(async () => {
    await gw.stop();
    await sandbox.stop();
  });

  it('installs, lists, upgrades, rolls back and uninstalls a local chart straight at the sandbox', async () => {
    await lifecycle(sandbox.kubeconfigPath, 'direct', chart, greeting);
  });

  it('does the same through the gateway with only the agent kubeconfig, every command on record', async () => {
    await lifecycle(gw.kubeconfig, 'through', chart, greeting);
    // The chart's ConfigMap (created, patched by the upgrade, deleted) and the release Secrets.
    const completed = await eventually(() => {
      const events = auditEvents(gw.paths.auditLog).filter((e) => e.stage === 'completed');
      const paths = events.flatMap((e) =>
        (e.api_requests ?? []).map((r) => `${r.method} ${r.path}`),
      );
      const wanted = [
        'POST /api/v1/namespaces/payments/configmaps',
        'PATCH /api/v1/namespaces/payments/configmaps/through-settings',
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
