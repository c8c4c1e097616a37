/**
 * The real kubectl (v1.32) over SPDY straight at the sandbox and its container runtime: exec
 * and attach with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false (which forces SPDY), and
 * port-forward both through the WebSocket tunnel kubectl tries first and over plain SPDY (its
 * fallback, forced with KUBECTL_PORT_FORWARD_WEBSOCKETS=false).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { runProcess, tempDir } from '../../helpers/cli.js';
import { kubectlPath } from '../../helpers/kubectl.js';

let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
before(async () => {
  sandbox = await startSandbox();
  env = {
    ...process.env,
    HOME: tempDir('iddio-spdy-home-'),
    KUBECONFIG: sandbox.kubeconfigPath,
    KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false',
  };
});
after(async () => {
  await sandbox.stop();
});

const kubectl = (args: string[], input?: string) =>
  runProcess(kubectlPath(), ['-n', 'default', ...args], {
    env,
    ...(input !== undefined && { input }),
  });

describe('kubectl exec over SPDY', () => {
  it('prints the command’s output and exits 0', async () => {
    const result = await kubectl(['exec', 'toolbox', '--', 'echo', 'hello', 'spdy']);
    assert.deepEqual(result, { code: 0, stdout: 'hello spdy\n', stderr: '' });
  });

  it('returns the command’s exit code', async () => {
    const result = await kubectl(['exec', 'toolbox', '--', 'sh', '-c', 'exit 3']);
    assert.equal(result.code, 3);
    assert.equal(result.stderr, 'command terminated with exit code 3\n');
  });

  it('passes stdin through with -i, and keeps stderr apart from stdout', async () => {
    const cat = await kubectl(['exec', '-i', 'toolbox', '--', 'cat'], 'line one\nline two\n');
    assert.deepEqual(cat, { code: 0, stdout: 'line one\nline two\n', stderr: '' });
    const err = await kubectl(['exec', 'toolbox', '--', 'sh', '-c', 'echo to stderr >&2']);
    assert.deepEqual(err, { code: 0, stdout: '', stderr: 'to stderr\n' });
  });

  it('with -it in a terminal: output through the tty, and no stray errors', async () => {
    // script(1) (util-linux, on every Debian) gives kubectl a pseudo-terminal. kubectl sends
    // the terminal's size as the command ends; a server that closed first made kubectl print
    // "Unhandled Error" lines here.
    const line = `${kubectlPath()} -n default exec -it toolbox -- echo tty-hello`;
    const result = await runProcess('script', ['-qec', line, '/dev/null'], { env });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'tty-hello\r\n');
  });

  it('reports a command the container cannot run, exit 1', async () => {
    const result = await kubectl(['exec', 'toolbox', '--', 'no-such-program']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /"no-such-program": executable file not found/);
  });
});

describe('kubectl attach over SPDY', { timeout: 60_000 }, () => {
  it('run --attach shows the main process’s output and exits with its code', async () => {
    const result = await kubectl([
      'run',
      'attached',
      '--image=busybox',
      '--restart=Never',
      '--attach',
      '--',
      'sh',
      '-c',
      'echo attached-hi; exit 4',
    ]);
    assert.equal(result.code, 4);
    assert.equal(result.stdout, 'attached-hi\n');
    // A POST: the SPDY upgrade (kubectl's WebSocket attempt would be a GET).
    while (!upgradeAudit('/attach').includes('create 101')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(!upgradeAudit('/attach').some((line) => line.startsWith('get')));
  });

  it('run -i --rm passes stdin to the main process, then deletes the pod', async () => {
    const args = ['run', 'piped', '--image=busybox', '--restart=Never', '-i', '--rm', '--', 'cat'];
    const result = await kubectl(args, 'from stdin\n');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'from stdin\npod "piped" deleted\n');
  });
});

interface Forward {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  /** Resolves once kubectl's stderr matches (the test's own timeout bounds the wait). */
  stderrMatching: (pattern: RegExp) => Promise<void>;
}

/** `kubectl port-forward deployment/api :PORT` in payments (its pods declare 8080). */
async function portForward(remote: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<Forward> {
  const child = spawn(
    kubectlPath(),
    ['-n', 'payments', 'port-forward', 'deployment/api', `:${remote}`],
    { env: { ...env, ...extraEnv } },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', () => reject(new Error(`port-forward exited: ${stderr}`)));
  });
  const stderrMatching = (pattern: RegExp): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!pattern.test(stderr)) return;
        child.stderr.off('data', check);
        resolve();
      };
      child.stderr.on('data', check);
      check();
    });
  return { child, port, stderr: () => stderr, stderrMatching };
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

/** kubectl 1.31+ tunnels SPDY in a WebSocket first; KUBECTL_PORT_FORWARD_WEBSOCKETS=false is
 * its plain SPDY upgrade, which it also falls back to on a server without the tunnel. */
const MODES: [string, NodeJS.ProcessEnv, string][] = [
  // The tunnel is a GET with Upgrade: websocket, the SPDY upgrade a POST.
  ['through the WebSocket tunnel', {}, 'get'],
  ['over a plain SPDY upgrade', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, 'create'],
];

/** The sandbox's audit lines for requests to a subresource: `verb code` each. */
function upgradeAudit(subresource: string): string[] {
  return readFileSync(sandbox.auditLogPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`${subresource}?`) || line.includes(`${subresource}"`))
    .map((line) => {
      const event = JSON.parse(line) as { verb: string; responseStatus?: { code?: number } };
      return `${event.verb} ${event.responseStatus?.code}`;
    });
}

for (const [mode, extraEnv, verb] of MODES) {
  describe(`kubectl port-forward ${mode}`, { timeout: 60_000 }, () => {
    let forward: Forward;
    before(async () => {
      forward = await portForward(8080, extraEnv);
    });
    after(() => forward.child.kill());

    it('echoes a client’s bytes, connection after connection and several at once', async () => {
      for (const text of ['first', 'second']) {
        assert.equal((await roundTrip(forward.port, Buffer.from(text))).toString(), text);
      }
      const many = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => roundTrip(forward.port, Buffer.from(`client ${n}`))),
      );
      assert.deepEqual(
        many.map((b) => b.toString()),
        [1, 2, 3, 4, 5].map((n) => `client ${n}`),
      );
    });

    it('carries 8 MiB intact both ways', async () => {
      const payload = randomBytes(8 * 1024 * 1024);
      const echoed = await roundTrip(forward.port, payload);
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      assert.equal(echoed.length, payload.length);
      assert.equal(sha(echoed), sha(payload));
      assert.equal(forward.stderr(), '', 'kubectl reported no error');
    });

    it('went the way it was meant to (the sandbox audits an upgrade once it closes)', async () => {
      const exited = new Promise((resolve) => forward.child.once('exit', resolve));
      forward.child.kill();
      await exited;
      while (!upgradeAudit('/portforward').includes(`${verb} 101`)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(
        !upgradeAudit('/portforward').includes('get 400'),
        'no refused tunnel, no fallback',
      );
    });
  });
}

describe('kubectl port-forward to a port the pod does not declare', { timeout: 60_000 }, () => {
  it('closes the client’s connection and kubectl reports the error', async () => {
    const forward = await portForward(9999);
    try {
      const echoed = await roundTrip(forward.port, Buffer.from('anyone?'));
      assert.equal(echoed.length, 0);
      await forward.stderrMatching(/error forwarding port 9999 to pod .*connection refused/);
    } finally {
      forward.child.kill();
    }
  });
});
