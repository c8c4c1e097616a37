/**
 * A command stopped before it returns — its reader gone (EPIPE) or Ctrl-C — keeps its record
 * complete: every request it started is in `completed.api_requests`, and no request starts
 * after the stop.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createClient } from '../../src/kube/connect.js';
import { loadSelectedConfig } from '../../src/kube/kubeconfig.js';
import type { ApiRequest } from '../../src/kube/types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, runIddio, tempDir } from '../helpers/cli.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

interface Completed {
  stage: string;
  exit_code?: number;
  api_requests?: Array<{ method: string; path: string; status: number }>;
}

test('output closed at once: the deletes that happened are on record, exit code as recorded', async () => {
  const home = tempDir();
  writeFileSync(
    join(home, 'policy.yaml'),
    'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n',
  );
  const env = { IDDIO_HOME: home, IDDIO_AGENT: 'test', KUBECONFIG: sandbox.kubeconfigPath };
  const names = ['gone-1', 'gone-2', 'gone-3'];
  for (const name of names) {
    const created = await runIddio(['kubectl', 'create', 'cm', name, '-n', 'default'], { env });
    assert.equal(created.code, 0, created.stderr);
  }
  const child = spawn(
    process.execPath,
    [BIN, 'kubectl', 'delete', 'cm', ...names, '-n', 'default'],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.destroy(); // nobody will read a byte
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const events = readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Completed);
  const completed = events.at(-1);
  assert.equal(completed?.stage, 'completed');
  assert.equal(completed?.exit_code, code);
  const deletes = (completed?.api_requests ?? []).filter((r) => r.method === 'DELETE');
  assert.deepEqual(
    deletes.map((r) => [r.path.split('?')[0], r.status]),
    names.map((name) => [`/api/v1/namespaces/default/configmaps/${name}`, 200]),
  );
});

test('a stopped client starts no request, and what it started is in the shared log', async () => {
  const config = loadSelectedConfig({}, { KUBECONFIG: sandbox.kubeconfigPath });
  const stop = new AbortController();
  const requestLog: ApiRequest[] = [];
  const client = await createClient(config, {
    requestId: 'idd_01JTEST00000000000000000000',
    agent: 'test',
    version: '0',
    requestLog,
    stop: stop.signal,
  });
  await client.send({ path: '/api/v1/namespaces' });
  stop.abort();
  assert.throws(() => client.send({ path: '/api/v1/namespaces/default/pods' }), /stopped/);
  assert.deepEqual(
    requestLog.map((r) => [r.path, r.status]),
    [['/api/v1/namespaces', 200]],
  );
});
