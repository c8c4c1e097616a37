/**
 * The verbs iddio leaves to the real kubectl, each run two ways against one sandbox: through
 * `iddio kubectl` in local mode (an ephemeral gateway behind the passthrough) and as plain
 * kubectl through `iddio serve` with nothing but the agent's kubeconfig. Each must do what
 * kubectl does straight at the sandbox, and every request must be on record.
 */
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runIddio, runProcess, tempDir, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import {
  auditEvents,
  eventually,
  gatewayFor,
  type LoggedEvent,
  type TestGateway,
} from '../gateway/helpers.js';

const POLICY = 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n';

type Mode = 'iddio kubectl' | 'kubectl through iddio serve';
const MODES: Mode[] = ['iddio kubectl', 'kubectl through iddio serve'];

describe('verbs run by the real kubectl, enforced on the wire', () => {
  let sandbox: Sandbox;
  let gateway: TestGateway;
  let home: string;
  const editor = join(tempDir('iddio-ptv-ed-'), 'editor.sh');

  const kubectlEnv = (kubeconfig: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: tempDir('iddio-ptv-h-'),
    KUBECONFIG: kubeconfig,
  });
  const direct = (argv: string[]): Promise<RunResult> =>
    runProcess(kubectlPath(), argv, { env: kubectlEnv(sandbox.kubeconfigPath) });
  const run = (mode: Mode, argv: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
    mode === 'iddio kubectl'
      ? runIddio(['kubectl', ...argv], {
          env: {
            ...kubectlEnv(sandbox.kubeconfigPath),
            IDDIO_HOME: home,
            IDDIO_AGENT: 'bot',
            IDDIO_KUBECTL: kubectlPath(),
            ...extra,
          },
        })
      : runProcess(kubectlPath(), argv, { env: { ...kubectlEnv(gateway.kubeconfig), ...extra } });
  // The command's `completed` event with a request like this one (the gateway writes it once
  // the command has been idle a moment: wait for it).
  const completedWith = (mode: Mode, method: string, path: string): Promise<LoggedEvent> =>
    eventually(() =>
      auditEvents(
        mode === 'iddio kubectl' ? join(home, 'audit', 'audit.ndjson') : gateway.paths.auditLog,
      ).findLast(
        (e) =>
          e.stage === 'completed' &&
          e.api_requests?.some((r) => r.method === method && r.path === path && r.status < 300),
      ),
    );

  before(async () => {
    sandbox = await startSandbox();
    home = tempDir('iddio-ptv-home-');
    writeFileSync(join(home, 'policy.yaml'), POLICY);
    gateway = await gatewayFor(sandbox.kubeconfigPath, { policy: POLICY });
    // An editor that changes one label and saves, as a person in vi would.
    writeFileSync(
      editor,
      '#!/bin/sh\nsed -i "s/^    app: api$/    app: api\\n    edited: by-editor/" "$1"\n',
    );
    chmodSync(editor, 0o755);
  });
  after(async () => {
    await gateway.stop();
    await sandbox.stop();
  });

  for (const mode of MODES) {
    const suffix = mode === 'iddio kubectl' ? 'local' : 'served';

    it(`top pods and top nodes print what kubectl prints (${mode})`, async () => {
      for (const argv of [
        ['top', 'pods', '-n', 'payments'],
        ['top', 'nodes'],
      ]) {
        const ours = await run(mode, argv);
        const theirs = await direct(argv);
        assert.equal(ours.code, 0, ours.stderr);
        assert.equal(ours.stdout, theirs.stdout);
        assert.match(ours.stdout, /^NAME +CPU\(cores\)/);
      }
    });

    it(`run creates a plain pod (${mode})`, async () => {
      const name = `plain-${suffix}`;
      const ours = await run(mode, ['run', name, '--image=nginx', '-n', 'staging']);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, `pod/${name} created\n`);
      const got = await direct(['get', 'pod', name, '-n', 'staging', '-o', 'name']);
      assert.equal(got.stdout, `pod/${name}\n`);
      const completed = await completedWith(mode, 'POST', '/api/v1/namespaces/staging/pods');
      assert.equal(completed.exit_code, 0);
    });

    it(`expose creates a service (${mode})`, async () => {
      const name = `api-${suffix}`;
      const argv = [
        'expose',
        'deployment',
        'api',
        '-n',
        'payments',
        '--port',
        '8080',
        '--name',
        name,
      ];
      const ours = await run(mode, argv);
      assert.equal(ours.stdout, `service/${name} exposed\n`, ours.stderr);
      const port = await direct([
        'get',
        'svc',
        name,
        '-n',
        'payments',
        '-o',
        'jsonpath={.spec.ports[0].port}',
      ]);
      assert.equal(port.stdout, '8080');
    });

    it(`rollout pause and resume (${mode})`, async () => {
      const paused = await run(mode, ['rollout', 'pause', 'deployment/worker', '-n', 'payments']);
      assert.equal(paused.stdout, 'deployment.apps/worker paused\n', paused.stderr);
      const spec = await direct([
        'get',
        'deploy',
        'worker',
        '-n',
        'payments',
        '-o',
        'jsonpath={.spec.paused}',
      ]);
      assert.equal(spec.stdout, 'true');
      const resumed = await run(mode, ['rollout', 'resume', 'deployment/worker', '-n', 'payments']);
      assert.equal(resumed.stdout, 'deployment.apps/worker resumed\n', resumed.stderr);
    });

    it(`edit with EDITOR set to a script patches what the editor changed (${mode})`, async () => {
      const name = `edited-${suffix}`;
      await direct(['create', 'configmap', name, '-n', 'staging', '--from-literal=k=v']);
      await direct(['label', 'configmap', name, '-n', 'staging', 'app=api']);
      const ours = await run(mode, ['edit', `configmap/${name}`, '-n', 'staging'], {
        EDITOR: editor,
        KUBE_EDITOR: editor,
      });
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, `configmap/${name} edited\n`);
      const label = await direct([
        'get',
        'cm',
        name,
        '-n',
        'staging',
        '-o',
        'jsonpath={.metadata.labels.edited}',
      ]);
      assert.equal(label.stdout, 'by-editor');
      const completed = await completedWith(
        mode,
        'PATCH',
        `/api/v1/namespaces/staging/configmaps/${name}`,
      );
      assert.equal(completed.exit_code, 0);
    });

    it(`apply --server-side (${mode})`, async () => {
      const name = `ssa-${suffix}`;
      const file = join(tempDir('iddio-ptv-m-'), 'cm.yaml');
      writeFileSync(
        file,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: staging\ndata:\n  a: "1"\n`,
      );
      const ours = await run(mode, ['apply', '--server-side', '-f', file]);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, `configmap/${name} serverside-applied\n`);
      const data = await direct(['get', 'cm', name, '-n', 'staging', '-o', 'jsonpath={.data.a}']);
      assert.equal(data.stdout, '1');
    });
  }

  it('a kubectl plugin is break-glass: refused by default, run behind the gateway once allowed', async () => {
    const bin = tempDir('iddio-ptv-plug-');
    writeFileSync(
      join(bin, 'kubectl-hello'),
      `#!/bin/sh\nexec "${kubectlPath()}" get namespaces -o name\n`,
    );
    chmodSync(join(bin, 'kubectl-hello'), 0o755);
    const path = `${bin}:${process.env.PATH ?? ''}`;
    const refused = await run('iddio kubectl', ['hello'], { PATH: path });
    assert.equal(refused.code, 3);
    assert.match(
      refused.stderr,
      /^iddio: denied: kubectl hello is T4 break-glass \(rule unknown-command\)/,
    );

    const unknown = await run('iddio kubectl', ['frobnicate'], { PATH: path });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown command "frobnicate" for "kubectl"/);

    const allowing = tempDir('iddio-ptv-home4-');
    writeFileSync(
      join(allowing, 'policy.yaml'),
      `${POLICY}agents:\n  bot:\n    tiers: { 4: allow }\n`,
    );
    const allowed = await run('iddio kubectl', ['hello'], { PATH: path, IDDIO_HOME: allowing });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(allowed.stdout, (await direct(['get', 'namespaces', '-o', 'name'])).stdout);
    // The plugin's own requests went through the command's gateway and are on record.
    const completed = auditEvents(join(allowing, 'audit', 'audit.ndjson')).findLast(
      (e) => e.stage === 'completed',
    );
    assert.deepEqual(completed?.argv, ['hello']);
    assert.ok(completed?.api_requests?.some((r) => r.path === '/api/v1/namespaces'));
  });
});
