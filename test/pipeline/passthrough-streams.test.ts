/**
 * exec, cp, attach and run -i — the verbs that open a stream into a container — with the real
 * kubectl, two ways against one sandbox: `iddio kubectl` in local mode (passthrough behind an
 * ephemeral gateway) and plain kubectl through `iddio serve`. Each must behave as kubectl does
 * straight at the sandbox, and each session must be on record with its recording, its exit
 * code and its bytes each way.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRecording } from '../../src/recording/store.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, runIddio, runProcess, tempDir, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import {
  auditEvents,
  eventually,
  gatewayFor,
  streamsOf,
  type LoggedEvent,
  type TestGateway,
} from '../gateway/helpers.js';

// exec, attach, cp and run -i are break-glass (T4): this agent is allowed them. At a gateway
// each request is decided on its own, so run's POST of the pod (T2) must be allowed too.
const POLICY =
  'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\nagents:\n  bot:\n    tiers: { 4: allow }\n';

type Mode = 'iddio kubectl' | 'kubectl through iddio serve';
const MODES: Mode[] = ['iddio kubectl', 'kubectl through iddio serve'];

describe('streams into containers, through iddio', () => {
  let sandbox: Sandbox;
  let gateway: TestGateway;
  let home: string;
  let pod: string;

  const kubectlEnv = (kubeconfig: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: tempDir('iddio-pts-h-'),
    KUBECONFIG: kubeconfig,
  });
  const direct = (argv: string[]): Promise<RunResult> =>
    runProcess(kubectlPath(), argv, { env: kubectlEnv(sandbox.kubeconfigPath) });
  const run = (mode: Mode, argv: string[], input?: string): Promise<RunResult> =>
    mode === 'iddio kubectl'
      ? runIddio(['kubectl', ...argv], {
          env: {
            ...kubectlEnv(sandbox.kubeconfigPath),
            IDDIO_HOME: home,
            IDDIO_AGENT: 'bot',
            IDDIO_KUBECTL: kubectlPath(),
          },
          ...(input !== undefined ? { input } : {}),
        })
      : runProcess(kubectlPath(), argv, {
          env: kubectlEnv(gateway.kubeconfig),
          ...(input !== undefined ? { input } : {}),
        });
  const paths = (mode: Mode) =>
    mode === 'iddio kubectl'
      ? { log: join(home, 'audit', 'audit.ndjson'), sessions: join(home, 'sessions') }
      : { log: gateway.paths.auditLog, sessions: gateway.paths.sessions };
  /** The completed event of the command whose upgraded request went to this path. */
  const session = (mode: Mode, subresourcePath: string): Promise<LoggedEvent> =>
    eventually(() =>
      auditEvents(paths(mode).log).findLast(
        (e) =>
          e.stage === 'completed' &&
          e.api_requests?.some((r) => r.status === 101 && r.path === subresourcePath),
      ),
    ).catch((error: unknown) => {
      const last = auditEvents(paths(mode).log).findLast((e) => e.stage === 'completed');
      throw new Error(`${String(error)}; the last completed event: ${JSON.stringify(last)}`);
    });
  const recorded = (mode: Mode, event: LoggedEvent): Array<[string, string]> =>
    streamsOf(readRecording(paths(mode).sessions, event.recording ?? '').events);

  before(async () => {
    sandbox = await startSandbox();
    home = tempDir('iddio-pts-home-');
    writeFileSync(join(home, 'policy.yaml'), POLICY);
    gateway = await gatewayFor(sandbox.kubeconfigPath, { policy: POLICY });
    const pods = await direct(['get', 'pods', '-n', 'payments', '-o', 'name']);
    pod = pods.stdout.split('\n')[0]?.replace('pod/', '') ?? '';
  });
  after(async () => {
    await gateway.stop();
    await sandbox.stop();
  });

  for (const mode of MODES) {
    const suffix = mode === 'iddio kubectl' ? 'local' : 'served';

    it(`exec: output, exit code, recording and bytes (${mode})`, async () => {
      const argv = ['exec', pod, '-n', 'payments', '--', 'sh', '-c', `echo out-${suffix}; exit 3`];
      const ours = await run(mode, argv);
      const theirs = await direct(argv);
      assert.equal(ours.code, 3);
      assert.equal(ours.stdout, theirs.stdout);
      assert.equal(ours.stderr, theirs.stderr);
      const completed = await session(mode, `/api/v1/namespaces/payments/pods/${pod}/exec`);
      assert.equal(completed.exit_code, 3);
      assert.deepEqual(recorded(mode, completed), [['o', `out-${suffix}\n`]]);
      const upgrade = completed.api_requests?.find((r) => r.status === 101);
      assert.ok((upgrade?.bytes_to_client ?? 0) > 0 && (upgrade?.bytes_to_cluster ?? 0) > 0);
    });

    it(`exec -i: stdin reaches the container and is recorded as input (${mode})`, async () => {
      const text = `piped-${suffix}\n`;
      const ours = await run(mode, ['exec', '-i', pod, '-n', 'payments', '--', 'cat'], text);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, text);
      const completed = await eventually(() =>
        auditEvents(paths(mode).log).findLast(
          (e) =>
            e.stage === 'completed' &&
            e.recording !== undefined &&
            recorded(mode, e).some(([code, t]) => code === 'i' && t === text),
        ),
      );
      assert.deepEqual(recorded(mode, completed), [
        ['i', text],
        ['o', text],
      ]);
    });

    it(`cp copies a file into the pod and back, content equal (${mode})`, async () => {
      const dir = tempDir('iddio-pts-cp-');
      const content = `line one ${suffix}\n${'x'.repeat(5000)}\n`;
      writeFileSync(join(dir, 'in.txt'), content);
      const into = await run(mode, [
        'cp',
        join(dir, 'in.txt'),
        `payments/${pod}:/tmp/${suffix}.txt`,
      ]);
      assert.equal(into.code, 0, into.stderr);
      const back = await run(mode, [
        'cp',
        `payments/${pod}:/tmp/${suffix}.txt`,
        join(dir, 'out.txt'),
      ]);
      assert.equal(back.code, 0, back.stderr);
      assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), content);
      // What the pod holds is what was sent (read straight from the sandbox).
      const cat = await direct(['exec', pod, '-n', 'payments', '--', 'cat', `/tmp/${suffix}.txt`]);
      assert.equal(cat.stdout, content);
    });

    it(`run --rm -i: a shell in a new pod, then the pod is deleted (${mode})`, async () => {
      const name = `piped-${suffix}`;
      const argv = [
        'run',
        '--rm',
        '-i',
        name,
        '--image=busybox',
        '--restart=Never',
        '-n',
        'staging',
        '--',
        'sh',
      ];
      const ours = await run(mode, argv, 'echo hi-from-stdin\n');
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, `hi-from-stdin\npod "${name}" deleted\n`);
      const gone = await direct(['get', 'pod', name, '-n', 'staging']);
      assert.equal(gone.code, 1);
      const completed = await session(mode, `/api/v1/namespaces/staging/pods/${name}/attach`);
      assert.deepEqual(recorded(mode, completed).at(-1), ['o', 'hi-from-stdin\n']);
    });

    it(`attach follows a pod's main process (${mode})`, async () => {
      const name = `talker-${suffix}`;
      await direct([
        'run',
        name,
        '-n',
        'staging',
        '--image=busybox',
        '--restart=Never',
        '--',
        'sh',
        '-c',
        'echo talking; exit 0',
      ]);
      const ours = await run(mode, ['attach', name, '-n', 'staging']);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, 'talking\n');
      const completed = await session(mode, `/api/v1/namespaces/staging/pods/${name}/attach`);
      assert.deepEqual(recorded(mode, completed), [['o', 'talking\n']]);
    });
  }

  for (const mode of MODES) {
    it(`port-forward: a client's bytes echo back through it, counted each way (${mode})`, async () => {
      const argv = ['port-forward', 'deployment/api', '-n', 'payments', ':8080'];
      const child =
        mode === 'iddio kubectl'
          ? spawn(process.execPath, [BIN, 'kubectl', ...argv], {
              env: {
                ...kubectlEnv(sandbox.kubeconfigPath),
                IDDIO_HOME: home,
                IDDIO_AGENT: 'bot',
                IDDIO_KUBECTL: kubectlPath(),
              },
            })
          : spawn(kubectlPath(), argv, { env: kubectlEnv(gateway.kubeconfig) });
      try {
        const port = await forwardedPort(child);
        const payload = Buffer.alloc(300_000, `${mode} `);
        const first = await roundTrip(port, payload);
        assert.ok(first.equals(payload), 'the echo is what was sent');
        const second = await roundTrip(port, Buffer.from('again'));
        assert.equal(second.toString(), 'again');
      } finally {
        child.kill('SIGINT');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      const completed = await eventually(() =>
        auditEvents(paths(mode).log).findLast(
          (e) =>
            e.stage === 'completed' &&
            e.api_requests?.some((r) => r.status === 101 && r.path.endsWith('/portforward')),
        ),
      );
      const upgrade = completed.api_requests?.find((r) => r.status === 101);
      // Framing included, so at least what the client sent and got back.
      assert.ok((upgrade?.bytes_to_cluster ?? 0) >= 300_005, JSON.stringify(upgrade));
      assert.ok((upgrade?.bytes_to_client ?? 0) >= 300_005, JSON.stringify(upgrade));
    });
  }

  it('exec over SPDY (an older client) is forwarded unrecorded under best-effort, saying so', async () => {
    const result = await runProcess(
      kubectlPath(),
      ['exec', pod, '-n', 'payments', '--', 'echo', 'spdy'],
      {
        env: { ...kubectlEnv(gateway.kubeconfig), KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'spdy\n');
    const completed = await eventually(() =>
      auditEvents(gateway.paths.auditLog).findLast(
        (e) =>
          e.stage === 'completed' &&
          e.api_requests?.some((r) => r.method === 'POST' && r.status === 101),
      ),
    );
    assert.equal(completed.recording, undefined);
    assert.match(completed.reason ?? '', /not recorded/);
  });

  it('exec is refused before it reaches the cluster when the agent is not allowed break-glass', async () => {
    const other = await gateway.agent('stranger');
    const refused = await runProcess(
      kubectlPath(),
      ['exec', pod, '-n', 'payments', '--', 'echo', 'hi'],
      {
        env: kubectlEnv(other),
      },
    );
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /Forbidden.*iddio: denied: .*T4 break-glass, rule (interactive-access|connect-subresource)/,
    );
    const events = await eventually(() => {
      const mine = auditEvents(gateway.paths.auditLog).filter((e) => e.agent === 'stranger');
      return mine.some((e) => e.decision === 'deny') ? mine : undefined;
    });
    assert.ok(events.every((e) => !e.api_requests?.some((r) => r.status === 101)));
  });
});

/** The local port kubectl port-forward listens on, from its "Forwarding from" line. */
function forwardedPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`port-forward exited ${code}: ${stderr}`)));
  });
}

/** Sends `payload` through the forward, half-closes, and collects what comes back. */
function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}
