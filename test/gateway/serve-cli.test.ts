/**
 * `iddio serve` as a user runs it: one readiness line on stdout, health endpoints without a
 * token, the same CA across restarts (agents' kubeconfigs stay valid), a clean stop on SIGTERM
 * (exit 0) that completes open commands, and a home others can read refused with the fix.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, runIddio, tempDir } from '../helpers/cli.js';

interface Served {
  url: string;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string }>;
}

function serve(home: string, upstream: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--home', home, '--listen', '127.0.0.1:0', '--upstream-kubeconfig', upstream],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IDDIO_HOME: home } },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no readiness line: ${stderr}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const ready = /^iddio serve: ready at (https:\/\/\S+) /m.exec(stdout);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve({
          url: ready[1],
          stop: async (signal) => {
            child.kill(signal);
            return { code: await exited, stdout };
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('iddio serve (the command)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.stop());

  it('is ready in one line, serves health without a token, keeps its CA, and stops cleanly on SIGTERM', async () => {
    const home = join(tempDir('iddio-serve-'), 'home');
    mkdirSync(home, { mode: 0o700 });
    const first = await serve(home, sandbox.kubeconfigPath);
    const ca = readFileSync(join(home, 'gateway', 'ca.crt'), 'utf8');
    for (const path of ['/healthz', '/readyz', '/livez']) {
      assert.deepEqual(await get(`${first.url}${path}`, ca), { status: 200, body: 'ok' });
    }
    const anonymous = await get(`${first.url}/api/v1/namespaces/payments/pods`, ca);
    assert.equal(anonymous.status, 401);
    const stopped = await first.stop('SIGTERM');
    assert.equal(stopped.code, 0);
    assert.match(
      stopped.stdout,
      /^iddio serve: ready at https:\/\/127\.0\.0\.1:\d+ \(upstream https:\/\/127\.0\.0\.1:\d+, context iddio-sandbox; home .*\)\niddio serve: stopped\n$/,
    );

    const second = await serve(home, sandbox.kubeconfigPath);
    assert.equal(readFileSync(join(home, 'gateway', 'ca.crt'), 'utf8'), ca);
    assert.equal((await get(`${second.url}/healthz`, ca)).status, 200);
    assert.equal((await second.stop('SIGINT')).code, 0);
  });

  it('refuses a home that other users can read, saying how to fix it', async () => {
    const home = join(tempDir('iddio-serve-'), 'open');
    mkdirSync(home);
    chmodSync(home, 0o755);
    const result = await runIddio([
      'serve',
      '--home',
      home,
      '--upstream-kubeconfig',
      sandbox.kubeconfigPath,
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is open to other users \(mode 755\); run: chmod 700 /);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('refuses a malformed --listen and an upstream kubeconfig that does not exist, in one line each', async () => {
    const home = join(tempDir('iddio-serve-'), 'h');
    mkdirSync(home, { mode: 0o700 });
    const listen = await runIddio(['serve', '--home', home, '--listen', 'nowhere']);
    assert.equal(listen.code, 2);
    assert.match(listen.stderr, /--listen must be HOST:PORT/);
    const missing = await runIddio([
      'serve',
      '--home',
      home,
      '--upstream-kubeconfig',
      join(home, 'nope'),
    ]);
    assert.notEqual(missing.code, 0);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
  });
});
