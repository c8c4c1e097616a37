/**
 * A cross-process lock for appends: `<log>.lock`, created with O_EXCL and holding
 * `{pid, host, token, ts}`. Appends hold it for milliseconds, so a lock whose holder is gone is
 * taken over at once (same host, pid no longer alive), and any lock older than `staleMs` is
 * taken over too (a crashed holder on another host, or a recycled pid): a crashed holder never
 * blocks writers forever.
 *
 * Takeover is a rename to a unique name followed by a check that what was renamed is the lock
 * judged stale; if a racing writer had already replaced it with a fresh lock, that lock is
 * linked back. A holder also re-reads its token before writing (`stillHeld`), so even that
 * narrow race cannot make two writers append at once.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';

export interface LockOptions {
  /** Give up after this long (default 30 s: a busy machine can make a queue of writers slow). */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it (default 20 s; appends take milliseconds). */
  staleMs?: number;
}

export interface HeldLock {
  path: string;
  token: string;
}

export class LockTimeoutError extends Error {
  constructor(path: string, ms: number) {
    super(`could not lock ${path} within ${ms} ms`);
    this.name = 'LockTimeoutError';
  }
}

const HOST = hostname();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockInfo {
  content: string;
  mtimeMs: number;
  ino: number;
}

function readLock(path: string): LockInfo | undefined {
  try {
    const stat = fs.statSync(path);
    return { content: fs.readFileSync(path, 'utf8'), mtimeMs: stat.mtimeMs, ino: stat.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(info: LockInfo, staleMs: number): boolean {
  if (Date.now() - info.mtimeMs > staleMs) return true;
  try {
    const owner = JSON.parse(info.content) as { pid?: unknown; host?: unknown };
    if (owner.host === HOST && typeof owner.pid === 'number' && owner.pid !== process.pid) {
      return !pidAlive(owner.pid);
    }
  } catch {
    // Empty or half-written: the creator is between open and write; only age can tell.
  }
  return false;
}

/** Removes a stale lock if it is still the one judged stale. */
function takeOver(path: string, judged: LockInfo): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readLock(aside);
  if (moved && (moved.ino !== judged.ino || moved.content !== judged.content)) {
    // We moved a fresh lock that replaced the stale one in the meantime: put it back.
    try {
      fs.linkSync(aside, path);
    } catch {
      // Someone else locked meanwhile; the fresh holder's stillHeld() check will see it.
    }
  }
  fs.rmSync(aside, { force: true });
}

function tryCreate(path: string, token: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(
      fd,
      JSON.stringify({ pid: process.pid, host: HOST, token, ts: new Date().toISOString() }),
    );
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 20_000;
  const token = randomBytes(12).toString('hex');
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  for (;;) {
    if (tryCreate(path, token)) return { path, token };
    const info = readLock(path);
    if (info && isStale(info, staleMs)) {
      takeOver(path, info);
      continue;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(path, timeoutMs);
    // Jittered backoff: appends are short, so start at 1 ms and stay under 25 ms.
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 16);
  }
}

/** True while the lock file still carries our token. */
export function stillHeld(lock: HeldLock): boolean {
  const info = readLock(lock.path);
  return info !== undefined && info.content.includes(`"token":"${lock.token}"`);
}

export function releaseLock(lock: HeldLock): void {
  if (stillHeld(lock)) fs.rmSync(lock.path, { force: true });
}
