/**
 * The audit lock as a denial of service (hostile-agent review): anyone who can write the log's
 * directory can write `<log>.lock`. A lock is respected only while a process on this host
 * really holds it open; every forged or odd lock below is taken over well before the wait
 * would time out (the timeout is the failure this table guards against), and a genuine holder
 * is waited for, then named in the one-line error so a human can end it.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IddioError } from '../../src/common/errors.js';
import { EXIT } from '../../src/common/exit-codes.js';
import { appendAuditEvent } from '../../src/audit/writer.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { runIddio } from '../helpers/cli.js';
import { sampleInput, tmp } from './helpers/log.js';

const owner = (pid: unknown, host: unknown = hostname()) =>
  JSON.stringify({ pid, host, token: 'forged', ts: new Date().toISOString() });

/** Each case leaves something at `lock`; a refreshed case keeps rewriting it while we wait. */
const FORGED: Array<{ name: string; plant: (lock: string) => void; refresh?: boolean }> = [
  { name: 'names this very process', plant: (l) => fs.writeFileSync(l, owner(process.pid)) },
  { name: 'names pid 1 (alive, not ours)', plant: (l) => fs.writeFileSync(l, owner(1)) },
  { name: 'names our live parent', plant: (l) => fs.writeFileSync(l, owner(process.ppid)) },
  { name: 'names a pid that does not exist', plant: (l) => fs.writeFileSync(l, owner(2 ** 30)) },
  { name: 'names another host', plant: (l) => fs.writeFileSync(l, owner(1, 'elsewhere')) },
  { name: 'names no pid', plant: (l) => fs.writeFileSync(l, owner('x')) },
  { name: 'is not JSON', plant: (l) => fs.writeFileSync(l, 'locked!') },
  { name: 'is empty', plant: (l) => fs.writeFileSync(l, '') },
  { name: 'is JSON null', plant: (l) => fs.writeFileSync(l, 'null') },
  { name: 'is a dangling symlink', plant: (l) => fs.symlinkSync('/nonexistent/x', l) },
  { name: 'is a symlink to a live-looking lock', plant: symlinkToLive },
  { name: 'is a FIFO', plant: (l) => execFileSync('mkfifo', [l]) },
  { name: 'is a directory', plant: (l) => fs.mkdirSync(l) },
  {
    name: 'names this process and is rewritten while we wait (the review DoS)',
    plant: (l) => fs.writeFileSync(l, owner(process.pid)),
    refresh: true,
  },
  {
    name: 'names pid 1 and is rewritten while we wait',
    plant: (l) => fs.writeFileSync(l, owner(1)),
    refresh: true,
  },
];

function symlinkToLive(lock: string): void {
  const target = `${lock}.target`;
  fs.writeFileSync(target, owner(process.pid));
  fs.symlinkSync(target, lock);
}

describe('audit lock: forged locks are taken over, not waited out', () => {
  for (const c of FORGED) {
    it(`a lock that ${c.name}`, async () => {
      const log = join(tmp(), 'audit.ndjson');
      const lock = `${log}.lock`;
      c.plant(lock);
      // "Every few seconds" in the review; every 100 ms here, and always fresh (mtime now).
      const timer = c.refresh
        ? setInterval(() => {
            try {
              fs.writeFileSync(lock, owner(process.pid));
            } catch {
              // our own lock may be there and gone again
            }
          }, 100)
        : undefined;
      try {
        // Long stale limit, short timeout: only the owner check can take it over in time.
        await appendAuditEvent(log, sampleInput(1), {
          lock: { timeoutMs: 8_000, staleMs: 600_000 },
        });
      } finally {
        clearInterval(timer);
      }
      assert.equal((await verifyLog(log)).ok, true);
    });
  }
});

describe('audit lock: a genuine holder', () => {
  it('is waited for, then named in one line with exit 5', async () => {
    const log = join(tmp(), 'audit.ndjson');
    const lock = `${log}.lock`;
    fs.writeFileSync(lock, '');
    // A live process on this host that really has the lock open: what a writer looks like.
    const fd = fs.openSync(lock, 'r');
    const holder = spawn('sleep', ['60'], { stdio: [fd, 'ignore', 'ignore'] });
    fs.closeSync(fd);
    try {
      fs.writeFileSync(lock, owner(holder.pid));
      await assert.rejects(
        appendAuditEvent(log, sampleInput(1), { lock: { timeoutMs: 1_500, staleMs: 600_000 } }),
        (error: unknown) => {
          assert.ok(error instanceof IddioError);
          assert.equal(error.exitCode, EXIT.audit);
          assert.match(error.message, new RegExp(`held by pid ${holder.pid} \\(sleep 60\\)`));
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
      assert.ok(!fs.existsSync(log), 'nothing written');
    } finally {
      holder.kill();
    }
  });

  it('is taken over once it has gone', async () => {
    const log = join(tmp(), 'audit.ndjson');
    const lock = `${log}.lock`;
    fs.writeFileSync(lock, '');
    const fd = fs.openSync(lock, 'r');
    const holder = spawn('sleep', ['60'], { stdio: [fd, 'ignore', 'ignore'] });
    fs.closeSync(fd);
    fs.writeFileSync(lock, owner(holder.pid));
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    const writing = appendAuditEvent(log, sampleInput(1), {
      lock: { timeoutMs: 30_000, staleMs: 600_000 },
    });
    holder.kill();
    await exited;
    await writing;
    assert.equal((await verifyLog(log)).events, 1);
  });
});

describe('audit lock: a signal ends the wait', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} while waiting for a genuine holder: exit 130, one line, nothing written`, async () => {
      const log = join(tmp(), 'audit.ndjson');
      const lock = `${log}.lock`;
      fs.writeFileSync(lock, '');
      const fd = fs.openSync(lock, 'r');
      const holder = spawn('sleep', ['60'], { stdio: [fd, 'ignore', 'ignore'] });
      fs.closeSync(fd);
      fs.writeFileSync(lock, owner(holder.pid));
      try {
        const writing = appendAuditEvent(log, sampleInput(1), {
          lock: { timeoutMs: 60_000, staleMs: 600_000 },
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        process.emit(signal, signal);
        await assert.rejects(writing, (error: unknown) => {
          assert.ok(error instanceof IddioError);
          assert.equal(error.exitCode, EXIT.interrupted);
          assert.match(error.message, new RegExp(`interrupted \\(${signal}\\).*nothing was run`));
          return true;
        });
        assert.ok(!fs.existsSync(log));
      } finally {
        holder.kill();
      }
    });
  }
});

describe('agents.yaml and approvers.yaml locks: the same rule', () => {
  it("a planted, refreshed agents.yaml.lock does not stop the human's agent revoke", async () => {
    const home = tmp();
    const env = { IDDIO_HOME: home };
    assert.equal((await runIddio(['agent', 'add', 'rogue'], { env })).code, 0);
    const lock = join(home, 'agents.yaml.lock');
    // proper-lockfile's old form (a directory) and a live-looking owner file, kept fresh.
    fs.mkdirSync(lock);
    const timer = setInterval(() => {
      try {
        const now = new Date();
        fs.utimesSync(lock, now, now); // looks held to a lock that goes by age
        if (!fs.statSync(lock).isDirectory()) fs.writeFileSync(lock, owner(process.pid));
      } catch {
        // taken over meanwhile
      }
    }, 100);
    try {
      const revoked = await runIddio(['agent', 'revoke', 'rogue'], { env, timeoutMs: 20_000 });
      assert.equal(revoked.code, 0, revoked.stderr);
    } finally {
      clearInterval(timer);
    }
  });
});
