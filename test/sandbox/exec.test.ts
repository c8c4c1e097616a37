/**
 * The real kubectl v1.32.3 straight at the sandbox for what runs inside containers: exec
 * (output, exit codes, stdin, refusals), cp both ways, run with --attach / --rm -i / plain,
 * debug's ephemeral container, top — over kubectl's default WebSocket transport.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, VIEWER_CONTEXT, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

let sandbox: Sandbox;
let home: string;
const KUBECTL = kubectlPath();

before(async () => {
  sandbox = await startSandbox();
  home = tempDir('iddio-exec-home-');
});
after(async () => {
  await sandbox.stop();
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(args: string[], input?: string | Buffer): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, args, {
      env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
      timeout: 30_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(input);
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

interface AuditLine {
  verb: string;
  requestURI: string;
  objectRef?: { subresource?: string };
  responseStatus: { code: number };
}

function auditLines(): AuditLine[] {
  return readFileSync(sandbox.auditLogPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);
}

describe('kubectl exec', () => {
  it('prints what the command prints', async () => {
    assert.equal(await ok('exec', 'toolbox', '--', 'echo', 'hi'), 'hi\n');
  });

  it("exits with the command's exit code, its stderr kept apart", async () => {
    const r = await kubectl([
      'exec',
      'toolbox',
      '--',
      'sh',
      '-c',
      'echo out; echo err >&2; exit 3',
    ]);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\ncommand terminated with exit code 3\n');
  });

  it('-i passes stdin through and ends it (cat returns)', async () => {
    const input = Buffer.from(`line one\n${'x'.repeat(200_000)}\nend`);
    const r = await kubectl(['exec', '-i', 'toolbox', '--', 'cat'], input);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, input.toString());
  });

  it('-i into sh runs the lines it is given', async () => {
    const r = await kubectl(
      ['exec', '-i', '-n', 'payments', 'deploy/api', '--', 'sh'],
      'echo $HOSTNAME\nexit 6\n',
    );
    assert.equal(r.code, 6);
    assert.match(r.stdout, /^api-[a-z0-9]+-[a-z0-9]+\n$/);
  });

  it('env shows the pod spec env, HOSTNAME and PATH', async () => {
    await ok(
      'run',
      'envpod',
      '--image=busybox',
      '--env=GREETING=hello world',
      '--',
      'sleep',
      'infinity',
    );
    const out = await ok('exec', 'envpod', '--', 'env');
    assert.match(out, /^PATH=\/usr\/local\/sbin:.*\nHOSTNAME=envpod\nGREETING=hello world\n/);
  });

  it('an unknown program is the API server error; in sh it is exit 127', async () => {
    const r = await kubectl(['exec', 'toolbox', '--', 'nosuch']);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^error: Internal error occurred: .*exec: "nosuch": executable file not found in \$PATH: unknown\n$/,
    );
    const sh = await kubectl(['exec', 'toolbox', '--', 'sh', '-c', 'nosuch']);
    assert.deepEqual(
      [sh.code, sh.stderr],
      [127, 'sh: nosuch: not found\ncommand terminated with exit code 127\n'],
    );
  });

  it('refuses an unknown container, a missing pod, and a completed pod as the API server does', async () => {
    const container = await kubectl(['exec', 'toolbox', '-c', 'nope', '--', 'ls']);
    assert.deepEqual(
      [container.code, container.stderr],
      [1, 'Error from server (BadRequest): container nope is not valid for pod toolbox\n'],
    );
    const pod = await kubectl(['exec', 'ghost', '--', 'ls']);
    assert.deepEqual(
      [pod.code, pod.stderr],
      [1, 'Error from server (NotFound): pods "ghost" not found\n'],
    );
  });

  it('the viewer may not exec (create on pods/exec), and both are in the audit log', async () => {
    const r = await kubectl(['--context', VIEWER_CONTEXT, 'exec', 'toolbox', '--', 'ls']);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Forbidden.*pods "toolbox" is forbidden: User "sandbox-viewer" cannot create resource "pods\/exec"/,
    );
    await ok('exec', 'toolbox', '--', 'true');
    const execs = auditLines().filter((l) => l.objectRef?.subresource === 'exec');
    assert.ok(execs.some((l) => l.responseStatus.code === 403));
    assert.ok(execs.some((l) => l.responseStatus.code === 101));
  });
});

describe('kubectl cp', () => {
  it('copies a file into a pod and back, content equal', async () => {
    const dir = tempDir('iddio-cp-');
    const source = join(dir, 'in.bin');
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    writeFileSync(source, bytes);
    await ok('cp', source, 'toolbox:/tmp/copied.bin');
    await ok('cp', 'toolbox:/tmp/copied.bin', join(dir, 'back.bin'));
    assert.deepEqual(readFileSync(join(dir, 'back.bin')), bytes);
  });

  it('copies a directory tree both ways', async () => {
    const dir = tempDir('iddio-cp-dir-');
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'a.txt'), 'alpha\n');
    writeFileSync(join(dir, 'tree', 'sub', 'b.txt'), 'beta\n');
    await ok('cp', join(dir, 'tree'), 'toolbox:/root/tree');
    assert.equal(await ok('exec', 'toolbox', '--', 'cat', '/root/tree/sub/b.txt'), 'beta\n');
    await ok('cp', 'toolbox:/root/tree', join(dir, 'copy'));
    assert.equal(readFileSync(join(dir, 'copy', 'a.txt'), 'utf8'), 'alpha\n');
    assert.equal(readFileSync(join(dir, 'copy', 'sub', 'b.txt'), 'utf8'), 'beta\n');
  });

  it('a missing file in the pod copies nothing; its tar says why and fails', async () => {
    // kubectl cp itself exits 0 and may stop reading before tar's stderr arrives, as with a
    // real tar; the exec shows the failure deterministically.
    const target = join(tempDir('iddio-cp-miss-'), 'x');
    await ok('cp', 'toolbox:/nope', target);
    assert.equal(existsSync(target), false);
    const r = await kubectl(['exec', 'toolbox', '--', 'tar', 'cf', '-', '/nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tar: \/nope: Cannot stat: No such file or directory\n/);
  });
});

describe('kubectl run and attach', () => {
  it('run --attach --restart=Never: the main process output, its exit code, the pod Error', async () => {
    const r = await kubectl([
      'run',
      'once',
      '--image=busybox',
      '--restart=Never',
      '--attach',
      '--',
      'sh',
      '-c',
      'echo from-main; exit 4',
    ]);
    assert.equal(r.code, 4);
    assert.equal(r.stdout, 'from-main\n');
    assert.match(r.stderr, /pod default\/once terminated \(Error\)/);
    const phase = await ok(
      'get',
      'pod',
      'once',
      '-o',
      'jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}',
    );
    assert.equal(phase, 'Failed 4');
  });

  it('run --rm -i: stdin to the shell, then the pod is deleted', async () => {
    const r = await kubectl(
      ['run', '--rm', '-i', 'piped', '--image=busybox', '--restart=Never', '--', 'sh'],
      'echo hi-from-stdin\n',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'hi-from-stdin\npod "piped" deleted\n');
    const gone = await kubectl(['get', 'pod', 'piped']);
    assert.equal(gone.code, 1);
  });

  it('run of a plain pod: created and Running; attach follows its output', async () => {
    assert.equal(await ok('run', 'plain', '--image=nginx'), 'pod/plain created\n');
    assert.equal(await ok('get', 'pod', 'plain', '-o', 'jsonpath={.status.phase}'), 'Running');
    await ok(
      'run',
      'talker',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo talking; exit 0',
    );
    const attached = await kubectl(['attach', 'talker']);
    assert.equal(attached.code, 0, attached.stderr);
    assert.equal(attached.stdout, 'talking\n');
    assert.equal(await ok('get', 'pod', 'talker', '-o', 'jsonpath={.status.phase}'), 'Succeeded');
  });
});

describe('kubectl debug and top', () => {
  it('debug adds a running ephemeral container that exec reaches', async () => {
    await ok('debug', 'toolbox', '--image=busybox', '--container=dbg', '--', 'sleep', 'infinity');
    const status = await ok(
      'get',
      'pod',
      'toolbox',
      '-o',
      'jsonpath={.spec.ephemeralContainers[0].name} {.status.ephemeralContainerStatuses[0].state.running.startedAt}',
    );
    assert.match(status, /^dbg \d{4}-/);
    assert.equal(await ok('exec', 'toolbox', '-c', 'dbg', '--', 'hostname'), 'toolbox\n');
    // An existing ephemeral container may not be changed (the API server's rule).
    const change = await kubectl([
      'patch',
      'pod',
      'toolbox',
      '--subresource=ephemeralcontainers',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/ephemeralContainers/0/image","value":"alpine"}]',
    ]);
    assert.equal(change.code, 1);
    assert.match(
      change.stderr,
      /spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be changed/,
    );
  });

  it('top pods and top nodes read metrics.k8s.io', async () => {
    assert.match(
      await ok('top', 'pods', '-n', 'payments'),
      /^NAME +CPU\(cores\) +MEMORY\(bytes\)\s*\napi-/,
    );
    assert.match(
      await ok('top', 'nodes'),
      /^NAME +CPU\(cores\) +CPU\(%\) +MEMORY\(bytes\) +MEMORY\(%\)\s*\nsandbox-control-plane /,
    );
  });
});
