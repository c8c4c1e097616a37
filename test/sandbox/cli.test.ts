import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSeed, startSandbox, SeedError } from '../../src/sandbox/index.js';
import { BUILTIN_SEED } from '../../src/sandbox/seed/index.js';
import { BIN, runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { call } from './helpers.js';

type Obj = Record<string, unknown>;

describe('seed files', () => {
  it('parses the built-in seed with the four namespaces', () => {
    const entries = parseSeed(BUILTIN_SEED, 'builtin');
    const namespaces = entries
      .filter((e) => e.def.kind === 'Namespace')
      .map((e) => e.object.metadata.name);
    assert.deepEqual(namespaces, ['default', 'kube-system', 'payments', 'staging']);
  });

  const bad: [string, number, RegExp][] = [
    ['apiVersion: v1\nkind: Namespace\nmetadata: x: y\n', 3, /Nested mappings are not allowed/],
    [
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\nkind: ConfigMap\nmetadata: { name: b }\n',
      5,
      /apiVersion is required/,
    ],
    [
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\napiVersion: v1\nkind: Widget\nmetadata: { name: b }\n',
      5,
      /does not serve Widget in v1/,
    ],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: nowhere }\n',
      1,
      /namespace "nowhere" is not defined/,
    ],
    ['apiVersion: v1\nkind: Namespace\nmetadata: { name: Bad_Name }\n', 1, /is invalid/],
    [
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: { name: a }\n  - apiVersion: v1\n    kind: Namespace\n',
      7,
      /metadata.name is required/,
    ],
  ];
  for (const [text, line, reason] of bad) {
    it(`rejects a bad seed at line ${line} (${reason.source})`, async () => {
      const file = join(tempDir(), 'seed.yaml');
      writeFileSync(file, text);
      await assert.rejects(startSandbox({ seedFile: file }), (error: unknown) => {
        assert.ok(error instanceof SeedError);
        assert.equal(error.file, file);
        assert.equal(error.line, line);
        assert.match(error.reason, reason);
        return true;
      });
    });
  }

  it('replaces the built-in cluster with a seed file', async () => {
    const file = join(tempDir(), 'seed.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: solo }\n---\napiVersion: v1\nkind: Node\nmetadata: { name: n1 }\n---\n' +
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app, namespace: solo }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: x } }\n' +
        '  template:\n    metadata: { labels: { app: x } }\n    spec: { containers: [{ name: c, image: "busybox:1.36" }] }\n',
    );
    const sandbox = await startSandbox({ seedFile: file });
    try {
      const ns = (await call(sandbox, 'GET', '/api/v1/namespaces')).json().items as Obj[];
      assert.deepEqual(
        ns.map((n) => (n.metadata as Obj).name),
        ['solo'],
      );
      const pods = (await call(sandbox, 'GET', '/api/v1/namespaces/solo/pods')).json()
        .items as Obj[];
      assert.equal(pods.length, 2);
      assert.ok(pods.every((p) => (p.spec as Obj).nodeName === 'n1'));
    } finally {
      await sandbox.stop();
    }
  });
});

describe('iddio sandbox', () => {
  it('reports a bad --seed in one line with file and line, exit 2', async () => {
    const file = join(tempDir(), 'bad-seed.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Namespace\nmetadata: [\n');
    const r = await runIddio(['sandbox', '--seed', file]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      new RegExp(`^iddio: bad seed: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: `),
    );
  });

  it('exits 2, without leaving a server running, when the kubeconfig cannot be written', async () => {
    const r = await runIddio(
      ['sandbox', '--kubeconfig', join(tempDir(), 'missing', 'dir', 'kubeconfig')],
      {
        timeoutMs: 15_000,
      },
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^iddio: cannot write .*kubeconfig\n$/);
  });

  it('rejects a bad --port with exit 2', async () => {
    const r = await runIddio(['sandbox', '--port', 'eighty']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^iddio: --port must be a number/);
  });

  it('serves until SIGTERM, prints how to connect, and exits 0', async () => {
    const dir = tempDir();
    const kubeconfig = join(dir, 'kubeconfig');
    const auditLog = join(dir, 'audit.ndjson');
    const child = spawn(
      process.execPath,
      [BIN, 'sandbox', '--port', '0', '--kubeconfig', kubeconfig, '--audit-log', auditLog],
      {
        env: { ...process.env, IDDIO_HOME: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const deadline = Date.now() + 15_000;
    while (!stdout.includes('Ctrl-C') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    try {
      assert.match(stdout, /^iddio sandbox serving at https:\/\/127\.0\.0\.1:\d+$/m);
      assert.ok(stdout.includes(`KUBECONFIG=${kubeconfig} kubectl get pods -A`));
      assert.ok(stdout.includes(auditLog));
      const r = await runProcess(kubectlPath(), ['get', 'namespaces', '-o', 'name'], {
        env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /namespace\/payments/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.ok(existsSync(auditLog));
    assert.match(readFileSync(auditLog, 'utf8'), /"verb":"list"/);
  });
});
