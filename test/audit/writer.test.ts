/**
 * The writer: a chain that verifies, files created private, torn tails moved aside, rotation
 * by size and by day with the chain continuing, stale locks taken over, and every failure an
 * exit-5 IddioError (no audit, no access).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IddioError } from '../../src/common/errors.js';
import { EXIT } from '../../src/common/exit-codes.js';
import { GENESIS_HASH } from '../../src/audit/event.js';
import { listLogFiles } from '../../src/audit/files.js';
import { appendAuditEvent, appendAuditEvents, type AuditFs } from '../../src/audit/writer.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { pythonVerify, sampleInput, tmp } from './helpers/log.js';

const input = sampleInput(1);

async function rejectsWithExit5(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof IddioError, String(error));
    assert.equal(error.exitCode, EXIT.audit);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
}

describe('audit writer', () => {
  it('starts the chain at seq 0 from 64 zeros, links each event, and creates private files', async () => {
    const log = join(tmp(), 'nested', 'audit', 'audit.ndjson');
    const first = await appendAuditEvent(log, input);
    const second = await appendAuditEvent(log, sampleInput(2));
    assert.equal(first.seq, 0);
    assert.equal(first.prev_hash, GENESIS_HASH);
    assert.equal(second.seq, 1);
    assert.equal(second.prev_hash, first.hash);
    assert.match(first.ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(fs.statSync(log).mode & 0o777, 0o600);
    assert.equal(fs.statSync(join(log, '..')).mode & 0o777, 0o700);
    assert.ok(!fs.existsSync(`${log}.lock`), 'the lock is released');
    assert.equal((await verifyLog(log)).ok, true);
  });

  it('omits absent values rather than writing null', async () => {
    const log = join(tmp(), 'audit.ndjson');
    await appendAuditEvent(log, {
      stage: 'admin',
      request_id: 'idd_x',
      agent: undefined,
      verb: 'agent add',
    });
    const text = fs.readFileSync(log, 'utf8');
    assert.doesNotMatch(text, /null|"agent"/);
  });

  it('appends a batch under one lock and one write', async () => {
    const log = join(tmp(), 'audit.ndjson');
    const events = await appendAuditEvents(log, [sampleInput(0), sampleInput(1), sampleInput(2)]);
    assert.deepEqual(
      events.map((e) => e.seq),
      [0, 1, 2],
    );
    assert.equal((await verifyLog(log)).events, 3);
  });

  it('moves a torn last line to .torn (kept) and chains from the last complete event', async () => {
    const log = join(tmp(), 'audit.ndjson');
    const a = await appendAuditEvent(log, input);
    fs.appendFileSync(log, '{"v":1,"seq":1,"stage":"deci');
    assert.equal((await verifyLog(log)).failure?.kind, 'incomplete');
    const b = await appendAuditEvent(log, input);
    assert.equal(b.seq, 1);
    assert.equal(b.prev_hash, a.hash);
    assert.equal(fs.readFileSync(`${log}.torn`, 'utf8'), '{"v":1,"seq":1,"stage":"deci\n');
    assert.equal((await verifyLog(log)).ok, true);
  });

  it('rotates by size with the chain continuing across files', async () => {
    const log = join(tmp(), 'audit.ndjson');
    for (let i = 0; i < 20; i++) await appendAuditEvent(log, sampleInput(i), { maxBytes: 3000 });
    const files = listLogFiles(log);
    assert.ok(files.length >= 4, `expected several files, got ${files.length}`);
    for (const file of files) assert.ok(fs.statSync(file.path).size <= 3000, file.path);
    const report = await verifyLog(log);
    assert.equal(report.ok, true, report.failure?.message);
    assert.equal(report.events, 20);
    assert.equal(pythonVerify(log).ok, true);
  });

  it('rotates when the day changes, naming the old file after its day and first seq', async () => {
    const log = join(tmp(), 'audit.ndjson');
    const day1 = () => new Date('2026-11-25T23:59:59.000Z');
    const day2 = () => new Date('2026-11-26T00:00:01.000Z');
    await appendAuditEvent(log, input, { now: day1 });
    await appendAuditEvent(log, input, { now: day1 });
    await appendAuditEvent(log, input, { now: day2 });
    assert.ok(fs.existsSync(`${log}.2026-11-25.000000000000`));
    assert.equal(fs.readFileSync(log, 'utf8').split('\n').length, 2);
    const report = await verifyLog(log);
    assert.equal(report.ok, true, report.failure?.message);
    assert.equal(report.events, 3);
  });

  it('continues the chain from the newest rotated file when the active file is empty', async () => {
    const log = join(tmp(), 'audit.ndjson');
    const a = await appendAuditEvent(log, input, {
      now: () => new Date('2026-11-25T10:00:00.000Z'),
    });
    fs.renameSync(log, `${log}.2026-11-25.000000000000`);
    const b = await appendAuditEvent(log, input);
    assert.equal(b.seq, 1);
    assert.equal(b.prev_hash, a.hash);
  });

  it('takes over a lock left by a dead process at once', async () => {
    const log = join(tmp(), 'audit.ndjson');
    await appendAuditEvent(log, input);
    // A pid far above pid_max cannot be alive.
    fs.writeFileSync(
      `${log}.lock`,
      JSON.stringify({ pid: 2 ** 30, host: hostname(), token: 'dead' }),
    );
    const started = Date.now();
    await appendAuditEvent(log, input, { lock: { timeoutMs: 10_000 } });
    assert.ok(Date.now() - started < 5_000, 'taken over, not waited out');
  });

  it('takes over a lock older than the stale limit (a holder on another host)', async () => {
    const log = join(tmp(), 'audit.ndjson');
    fs.mkdirSync(join(log, '..'), { recursive: true });
    fs.writeFileSync(`${log}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere', token: 'old' }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${log}.lock`, old, old);
    await appendAuditEvent(log, input, { lock: { timeoutMs: 2000, staleMs: 10_000 } });
    assert.equal((await verifyLog(log)).events, 1);
  });

  // A live holder that keeps the lock: test/audit/lock-forged.test.ts.

  it('fails with exit 5 when the path cannot be written', async () => {
    const file = join(tmp(), 'a-file');
    fs.writeFileSync(file, '');
    await rejectsWithExit5(
      appendAuditEvent(join(file, 'audit.ndjson'), input),
      /audit log not written \(.*\): /,
    );
  });

  it('fails with exit 5 on a full disk (ENOSPC injected) and leaves no partial line', async () => {
    const log = join(tmp(), 'audit.ndjson');
    await appendAuditEvent(log, input);
    const before = fs.readFileSync(log);
    const full: AuditFs = {
      ...fs,
      writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
        fs.writeSync(fd, buffer, offset, Math.min(10, length), null);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      }) as unknown as AuditFs['writeSync'],
    };
    await rejectsWithExit5(appendAuditEvent(log, input, { fs: full }), /disk full/);
    assert.deepEqual(fs.readFileSync(log), before);
    assert.ok(!fs.existsSync(`${log}.lock`));
    assert.equal((await verifyLog(log)).ok, true);
  });

  it('fails with exit 5 on a permission error (EACCES injected: root ignores file modes)', async () => {
    const log = join(tmp(), 'audit.ndjson');
    const denied: AuditFs = {
      ...fs,
      openSync: ((path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode | null) => {
        if (String(path) === log) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return fs.openSync(path, flags, mode);
      }) as AuditFs['openSync'],
    };
    await rejectsWithExit5(appendAuditEvent(log, input, { fs: denied }), /permission denied/);
  });

  it('refuses to chain onto a last line that is not an event', async () => {
    const log = join(tmp(), 'audit.ndjson');
    fs.writeFileSync(log, 'garbage\n');
    await rejectsWithExit5(appendAuditEvent(log, input), /not JSON.*iddio audit verify/);
  });

  it('refuses an event that would not pass verify', async () => {
    const log = join(tmp(), 'audit.ndjson');
    await rejectsWithExit5(
      appendAuditEvent(log, { ...input, tier: 7 }),
      /invalid audit event: field "tier"/,
    );
  });
});
