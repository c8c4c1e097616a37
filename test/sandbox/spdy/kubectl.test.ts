/**
 * The real kubectl (v1.32) over SPDY against the sandbox: exec with
 * KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false (which forces SPDY), and port-forward (kubectl tries
 * the WebSocket tunnel first and falls back to SPDY on a non-101 answer).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { runProcess, tempDir } from '../../helpers/cli.js';
import { kubectlPath } from '../../helpers/kubectl.js';
import { startFront, testRuntime, type Front } from './helpers.js';

let sandbox: Sandbox;
let front: Front;
let env: NodeJS.ProcessEnv;
before(async () => {
  sandbox = await startSandbox();
  front = await startFront(sandbox, testRuntime(), tempDir('iddio-spdy-'));
  env = {
    ...process.env,
    KUBECONFIG: front.kubeconfigPath,
    KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false',
  };
});
after(async () => {
  await front.stop();
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
    const result = await kubectl(['exec', 'toolbox', '--', 'exit', '3']);
    assert.equal(result.code, 3);
    assert.equal(result.stderr, 'command terminated with exit code 3\n');
  });

  it('passes stdin through with -i, and keeps stderr apart from stdout', async () => {
    const cat = await kubectl(['exec', '-i', 'toolbox', '--', 'cat'], 'line one\nline two\n');
    assert.deepEqual(cat, { code: 0, stdout: 'line one\nline two\n', stderr: '' });
    const err = await kubectl(['exec', 'toolbox', '--', 'err', 'to stderr']);
    assert.deepEqual(err, { code: 0, stdout: '', stderr: 'to stderr\n' });
  });

  it('with -it in a terminal: output through the tty, its size on the resize stream', async () => {
    // script(1) (util-linux, on every Debian) gives kubectl a pseudo-terminal of a known size;
    // `size` prints the first terminal size the process is told.
    const line = `stty cols 91 rows 33; ${kubectlPath()} -n default exec -it toolbox -- size`;
    const result = await runProcess('script', ['-qec', line, '/dev/null'], { env });
    assert.equal(result.code, 0);
    assert.equal(result.stdout.replace(/\r/g, ''), '91x33\n', 'no stray errors from kubectl');
  });

  it('reports a command the container cannot run, exit 1', async () => {
    const result = await kubectl(['exec', 'toolbox', '--', 'no-such-program']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /executable file not found: no-such-program/);
  });
});

interface Forward {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  /** Resolves once kubectl's stderr matches (the test's own timeout bounds the wait). */
  stderrMatching: (pattern: RegExp) => Promise<void>;
}

async function portForward(remote: number): Promise<Forward> {
  const child = spawn(
    kubectlPath(),
    ['-n', 'default', 'port-forward', 'pod/toolbox', `:${remote}`],
    { env },
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

describe('kubectl port-forward over SPDY', () => {
  let forward: Forward;
  before(async () => {
    forward = await portForward(8080);
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
});

describe('kubectl port-forward to a port nothing listens on', { timeout: 60_000 }, () => {
  it('closes the client’s connection and kubectl reports the error', async () => {
    const forward = await portForward(1);
    try {
      const echoed = await roundTrip(forward.port, Buffer.from('anyone?'));
      assert.equal(echoed.length, 0);
      await forward.stderrMatching(/error forwarding port 1 to pod toolbox: nothing listens/);
    } finally {
      forward.child.kill();
    }
  });
});
