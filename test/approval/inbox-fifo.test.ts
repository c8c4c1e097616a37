/**
 * Something that is not a small regular file where the inbox expects one (a FIFO above all:
 * reading it blocks until a writer comes) must never stall the waiting command: it is "no
 * valid decision", the wait runs to its timeout, and the answer is no (exit 4).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  decisionPath,
  MAX_INBOX_FILE_BYTES,
  readInboxFile,
  requestPath,
} from '../../src/approval/inbox.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runIddio, tempDir } from '../helpers/cli.js';
import { agentEnv, events, home, pendingRequest, replicas, spawnHeadless } from './fixtures.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', ['-m', '600', path]);
  assert.equal(made.status, 0, `mkfifo ${path}: ${String(made.stderr)}`);
}

test('readInboxFile reads small regular files only: not a FIFO, a symlink, or an oversized file', () => {
  const dir = tempDir('iddio-inbox-files-');
  writeFileSync(join(dir, 'ok.json'), '{"a":1}');
  assert.equal(readInboxFile(join(dir, 'ok.json')), '{"a":1}');
  mkfifo(join(dir, 'fifo.json'));
  const started = Date.now();
  assert.equal(readInboxFile(join(dir, 'fifo.json')), undefined);
  // Reading a FIFO with no writer would block for ever; refusing it takes milliseconds.
  assert.ok(Date.now() - started < 3_000, 'a FIFO is refused at once, not read');
  symlinkSync(join(dir, 'ok.json'), join(dir, 'link.json'));
  assert.equal(readInboxFile(join(dir, 'link.json')), undefined);
  writeFileSync(join(dir, 'big.json'), 'x'.repeat(MAX_INBOX_FILE_BYTES + 1));
  assert.equal(readInboxFile(join(dir, 'big.json')), undefined);
  writeFileSync(join(dir, 'limit.json'), 'x'.repeat(MAX_INBOX_FILE_BYTES));
  assert.equal(readInboxFile(join(dir, 'limit.json'))?.length, MAX_INBOX_FILE_BYTES);
  mkdirSync(join(dir, 'sub.json'));
  assert.equal(readInboxFile(join(dir, 'sub.json')), undefined);
  assert.equal(readInboxFile(join(dir, 'missing.json')), undefined);
});

test('a FIFO at <id>.decision.json: the command still times out declined (exit 4) on time', async () => {
  const dir = home({ channel: 'inbox', timeout: '2s' });
  const before = await replicas(sandbox, 'web', 'staging');
  const started = Date.now();
  const waiting = spawnHeadless(
    ['kubectl', 'scale', 'deployment/web', '-n', 'staging', `--replicas=${before + 2}`],
    agentEnv(dir, sandbox.kubeconfigPath),
    { timeoutMs: 10_000 },
  );
  const id = await pendingRequest(dir);
  mkfifo(decisionPath(join(dir, 'inbox'), id));
  const result = await waiting.done;
  const elapsed = Date.now() - started;
  assert.equal(result.code, 4, result.stderr);
  assert.ok(elapsed < 6_000, `ended after ${elapsed} ms; the timeout is 2 s`);
  assert.equal(await replicas(sandbox, 'web', 'staging'), before);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.equal(decided?.approval_channel, 'inbox');
  assert.match(decided?.reason ?? '', /no decision before the request expired/);
});

test('a FIFO at <id>.decision.json does not stop SIGTERM from ending the wait', async () => {
  const dir = home({ channel: 'inbox', timeout: '20s' });
  const before = await replicas(sandbox, 'web', 'staging');
  const waiting = spawnHeadless(
    ['kubectl', 'scale', 'deployment/web', '-n', 'staging', `--replicas=${before + 4}`],
    agentEnv(dir, sandbox.kubeconfigPath),
    { timeoutMs: 10_000 },
  );
  const id = await pendingRequest(dir);
  mkfifo(decisionPath(join(dir, 'inbox'), id));
  await new Promise((r) => setTimeout(r, 600)); // the poll (≤ 200 ms) has met the FIFO
  const signalled = Date.now();
  waiting.child.kill('SIGTERM');
  const result = await waiting.done;
  const elapsed = Date.now() - signalled;
  assert.ok(elapsed < 3_000, `SIGTERM took ${elapsed} ms to end the command`);
  assert.notEqual(result.code, 0);
  assert.equal(await replicas(sandbox, 'web', 'staging'), before);
});

test('a FIFO named like a request file does not hang `iddio inbox`', async () => {
  const dir = home({ channel: 'inbox' });
  mkdirSync(join(dir, 'inbox'), { recursive: true, mode: 0o700 });
  mkfifo(requestPath(join(dir, 'inbox'), 'idd_01JZZZZZZZZZZZZZZZZZZZZZZZ'));
  const listed = await runIddio(['inbox', '--json'], {
    env: { IDDIO_HOME: dir },
    timeoutMs: 5_000,
  });
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout), []);
});
