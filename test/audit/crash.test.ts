/**
 * A writer killed with SIGKILL mid-append, holding the lock, with half a line on disk: verify
 * reports an incomplete final line (not tampering); the next append takes over the dead
 * holder's lock, moves the fragment to .torn and continues the chain.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { appendAuditEvent } from '../../src/audit/writer.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { pythonVerify, sampleInput, tmp } from './helpers/log.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'crash-child.ts');

function crashMidAppend(log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, log], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('torn')) child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the crashing writer exited ${code} instead of being killed`));
    });
  });
}

describe('audit writer: crash', () => {
  it(
    'SIGKILL mid-append → verify says incomplete → next append repairs and continues',
    { timeout: 30_000 },
    async () => {
      const log = join(tmp(), 'audit.ndjson');
      const before = await appendAuditEvent(log, sampleInput(0));
      await appendAuditEvent(log, sampleInput(1));
      await crashMidAppend(log);

      assert.ok(existsSync(`${log}.lock`), 'the dead writer still holds the lock');
      const broken = await verifyLog(log);
      assert.equal(broken.ok, false);
      assert.equal(broken.failure?.kind, 'incomplete');
      assert.equal(broken.failure?.line, 3);
      assert.equal(pythonVerify(log).line, 3);

      const started = Date.now();
      const next = await appendAuditEvent(log, sampleInput(2), { lock: { timeoutMs: 10_000 } });
      assert.ok(Date.now() - started < 5_000, 'a dead holder must not block the next writer');
      assert.equal(next.seq, 2);
      assert.notEqual(next.prev_hash, before.hash);
      const torn = readFileSync(`${log}.torn`, 'utf8');
      assert.match(torn, /^\{"agent":"crashy"/);
      assert.ok(!torn.slice(0, -1).includes('\n'), 'one fragment, newline-terminated in .torn');

      const repaired = await verifyLog(log);
      assert.equal(repaired.ok, true, repaired.failure?.message);
      assert.equal(repaired.events, 3);
      assert.equal(pythonVerify(log).ok, true);
    },
  );
});
