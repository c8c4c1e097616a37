/**
 * A cross-process lock for the audit log's appends (`<log>.lock`) and for read-modify-write of
 * agents.yaml and approvers.yaml (locked-file.ts): a file created with O_EXCL and holding
 * `{pid, host, token, ts}`. The holder keeps the file open while it holds it, so on Linux a
 * waiter can prove a lock is held: the owner it names is a process on this host with that very
 * file open (/proc/<pid>/fd). Anyone who can write the log's directory can also write a lock
 * file, naming a live process (pid 1, the waiter itself) and refreshing it every few seconds;
 * a lock is therefore respected only while its owner is proven, and taken over at once when:
 *
 * - the owner is not a process on this host (another host, no pid, the pid gone), or on Linux
 *   a process that does not have the lock file open;
 * - the path is not a regular file (a symlink, a FIFO — which a plain read would block on);
 * - its content has stayed unreadable for a second of our waiting (a real creator writes it
 *   microseconds after creating it);
 * - it is older than `staleMs`, whoever holds it (a holder stuck that long has lost it).
 *
 * Where there is no /proc (macOS, BSD), a live pid on this host counts as held.
 *
 * Takeover is a rename to a unique name followed by a check that what was renamed is the lock
 * judged stale; if a racing writer had already replaced it with a fresh lock, that lock is
 * linked back. A holder also re-reads its token before writing (`stillHeld`), so even that
 * narrow race cannot make two writers append at once. Waiting ends at the timeout, or at once
 * on SIGINT/SIGTERM/SIGHUP, with one line and nothing appended.
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
  /** Kept open while held: the proof of ownership another waiter checks. */
  fd: number;
}

export class LockTimeoutError extends Error {
  constructor(path: string, ms: number, owner: string | undefined) {
    super(
      `could not lock ${path} within ${ms} ms` +
        (owner ? `; it is held by ${owner} — if that is not an iddio command, end it` : ''),
    );
    this.name = 'LockTimeoutError';
  }
}

export class LockInterruptedError extends Error {
  constructor(signal: string) {
    super(`interrupted (${signal}) while waiting for the lock; nothing was run`);
    this.name = 'LockInterruptedError';
  }
}

const HOST = hostname();
/** How long a lock may stay unreadable (its creator between open and write) before it is stale. */
const UNREADABLE_GRACE_MS = 1_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockInfo {
  /** Undefined for anything but a regular file. */
  content: string | undefined;
  mtimeMs: number;
  ino: number;
  dev: number;
}

/** The lock as it is now; never follows a symlink and never blocks on a FIFO. */
function readLock(path: string): LockInfo | undefined {
  let fd: number;
  try {
    fd = fs.openSync(
      path,
      fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code !== 'ELOOP' && code !== 'ENXIO') throw error;
    // A symlink (ELOOP) or a socket (ENXIO): not a lock any iddio made.
    const stat = fs.lstatSync(path, { throwIfNoEntry: false });
    return stat && { content: undefined, mtimeMs: stat.mtimeMs, ino: stat.ino, dev: stat.dev };
  }
  try {
    const stat = fs.fstatSync(fd);
    const content = stat.isFile() ? fs.readFileSync(fd, 'utf8') : undefined;
    return { content, mtimeMs: stat.mtimeMs, ino: stat.ino, dev: stat.dev };
  } finally {
    fs.closeSync(fd);
  }
}

type Owner = { state: 'held'; pid: number } | { state: 'gone' } | { state: 'unreadable' };

/** Whether the process a lock names is on this host, alive, and (where /proc tells) holds it. */
function ownerOf(info: LockInfo): Owner {
  if (info.content === undefined) return { state: 'gone' };
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(info.content) as typeof owner;
    if (typeof owner !== 'object' || owner === null) return { state: 'unreadable' };
  } catch {
    return { state: 'unreadable' };
  }
  const pid = owner.pid;
  if (owner.host !== HOST || typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0)
    return { state: 'gone' };
  const open = hasOpen(pid, info);
  if (open === undefined) return pidAlive(pid) ? { state: 'held', pid } : { state: 'gone' };
  return open ? { state: 'held', pid } : { state: 'gone' };
}

/** True/false when /proc says whether `pid` has the lock open; undefined when it cannot tell. */
function hasOpen(pid: number, info: LockInfo): boolean | undefined {
  const dir = `/proc/${pid}/fd`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    // No /proc on this system: only the pid can tell.
    if (!fs.existsSync('/proc/self/fd')) return undefined;
    // Gone (ENOENT), or a process we may not inspect (EACCES): another user's, which cannot
    // be writing a log that only its owner may write.
    return false;
  }
  for (const name of names) {
    try {
      const stat = fs.statSync(`${dir}/${name}`);
      if (stat.ino === info.ino && stat.dev === info.dev) return true;
    } catch {
      // closed meanwhile, or not a file
    }
  }
  return false;
}

/** One line naming the process that holds a lock, for the human who has to end it. */
function describeOwner(pid: number): string {
  try {
    const command = fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .join(' ')
      .slice(0, 120);
    return `pid ${pid} (${command})`;
  } catch {
    return `pid ${pid}`;
  }
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
  try {
    fs.rmSync(aside, { force: true });
  } catch {
    // A directory someone made there: it is out of the way, and not ours to empty.
  }
}

function tryCreate(path: string, token: string): number | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    fs.writeSync(
      fd,
      JSON.stringify({ pid: process.pid, host: HOST, token, ts: new Date().toISOString() }),
    );
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
    throw error;
  }
  return fd;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Sleeps `ms`, or rejects at once when a terminating signal arrives. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      for (const name of SIGNALS) process.removeListener(name, onSignal);
    };
    const onSignal = (name: NodeJS.Signals): void => {
      done();
      reject(new LockInterruptedError(name));
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    for (const name of SIGNALS) process.once(name, onSignal);
  });
}

export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 20_000;
  const token = randomBytes(12).toString('hex');
  const deadline = Date.now() + timeoutMs;
  let unreadableSince: number | undefined;
  let lastOwner: number | undefined;
  let wait = 1;
  for (;;) {
    const fd = tryCreate(path, token);
    if (fd !== undefined) return { path, token, fd };
    const info = readLock(path);
    if (info) {
      const owner = ownerOf(info);
      const now = Date.now();
      if (owner.state === 'unreadable') unreadableSince ??= now;
      else unreadableSince = undefined;
      if (owner.state === 'held') lastOwner = owner.pid;
      const stale =
        now - info.mtimeMs > staleMs ||
        owner.state === 'gone' ||
        (unreadableSince !== undefined && now - unreadableSince > UNREADABLE_GRACE_MS);
      if (stale) takeOver(path, info);
    }
    if (Date.now() >= deadline)
      throw new LockTimeoutError(
        path,
        timeoutMs,
        lastOwner !== undefined ? describeOwner(lastOwner) : undefined,
      );
    // Jittered backoff: appends are short, so start at 1 ms and stay under 25 ms.
    await pause(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 16);
  }
}

/** True while the lock file still carries our token. */
export function stillHeld(lock: HeldLock): boolean {
  const info = readLock(lock.path);
  return info?.content !== undefined && info.content.includes(`"token":"${lock.token}"`);
}

export function releaseLock(lock: HeldLock): void {
  try {
    if (stillHeld(lock)) fs.rmSync(lock.path, { force: true });
  } finally {
    fs.closeSync(lock.fd);
  }
}
