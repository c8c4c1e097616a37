/**
 * Appending to the log: lock, recover a torn tail, rotate, seal, write whole, fsync, unlock.
 * Any failure is an IddioError with exit 5 and the caller must not run the command: no audit,
 * no access. File I/O is synchronous inside the lock (it is short, and ordering is the point);
 * only waiting for the lock yields.
 */
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import { IddioError } from '../common/errors.js';
import { EXIT } from '../common/exit-codes.js';
import { makeDirs } from '../common/make-dirs.js';
import { sealEvent, type ChainHead } from './chain.js';
import type { AuditEvent, AuditEventInput } from './event.js';
import { listLogFiles, rotatedName, utcDay } from './files.js';
import {
  acquireLock,
  LockInterruptedError,
  LockTimeoutError,
  releaseLock,
  stillHeld,
  type LockOptions,
} from '../common/process-lock.js';
import { checkSchema } from './schema.js';
import { readFirstLine, readTail } from './tail.js';

/** The file operations the writer uses; tests inject failures (a full disk) through this. */
export type AuditFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'closeSync'
  | 'readSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'fstatSync'
  | 'ftruncateSync'
  | 'renameSync'
  | 'mkdirSync'
>;

export interface AppendOptions {
  /** Rotate before a write would take the active file past this size (default 64 MiB). */
  maxBytes?: number;
  /** The clock (tests). */
  now?: () => Date;
  lock?: LockOptions;
  fs?: AuditFs;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

class ChainHeadError extends Error {}

function headFromLine(line: string, file: string): ChainHead & { ts?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new ChainHeadError(`the last line of ${file} is not JSON`);
  }
  const event = parsed as Partial<AuditEvent>;
  if (
    typeof event !== 'object' ||
    event === null ||
    !Number.isSafeInteger(event.seq) ||
    typeof event.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(event.hash)
  ) {
    throw new ChainHeadError(`the last line of ${file} is not an audit event`);
  }
  return {
    seq: event.seq as number,
    hash: event.hash,
    ts: typeof event.ts === 'string' ? event.ts : undefined,
  };
}

function fsyncDir(fs: AuditFs, dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The head of the newest rotated file, when the active file is empty or missing. */
function rotatedHead(fs: AuditFs, logPath: string): ChainHead | undefined {
  const files = listLogFiles(logPath).filter((file) => file.firstSeq !== undefined);
  const newest = files[files.length - 1];
  if (!newest) return undefined;
  const fd = fs.openSync(newest.path, 'r');
  try {
    const tail = readTail(fs, fd, fs.fstatSync(fd).size);
    if (tail.lastLine === undefined)
      throw new ChainHeadError(`${newest.path} holds no complete event`);
    return headFromLine(tail.lastLine, newest.path);
  } finally {
    fs.closeSync(fd);
  }
}

/** Moves a torn last line aside to `<log>.torn` (appended, kept), then cuts it off the log. */
function recoverTorn(
  fs: AuditFs,
  fd: number,
  logPath: string,
  torn: Buffer,
  completeSize: number,
): void {
  const tornFd = fs.openSync(`${logPath}.torn`, 'a', 0o600);
  try {
    writeAll(fs, tornFd, Buffer.concat([torn, Buffer.from('\n')]));
    fs.fsyncSync(tornFd);
  } finally {
    fs.closeSync(tornFd);
  }
  fs.ftruncateSync(fd, completeSize);
  fs.fsyncSync(fd);
}

function writeAll(fs: AuditFs, fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, null);
}

function appendLocked(
  fs: AuditFs,
  logPath: string,
  inputs: AuditEventInput[],
  options: AppendOptions,
  checkLock: () => boolean,
): AuditEvent[] {
  const now = (options.now ?? (() => new Date()))();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let fd = fs.openSync(logPath, 'a+', 0o600);
  let created = false;
  try {
    const stat = fs.fstatSync(fd);
    // A FIFO or a device named as the log would take lines without keeping them (or block).
    if (!stat.isFile()) throw new ChainHeadError(`${logPath} is not a regular file`);
    let size = stat.size;
    const tail = readTail(fs, fd, size);
    if (tail.torn) {
      recoverTorn(fs, fd, logPath, tail.torn, tail.completeSize);
      size = tail.completeSize;
    }
    let head: (ChainHead & { ts?: string }) | undefined =
      tail.lastLine !== undefined ? headFromLine(tail.lastLine, logPath) : rotatedHead(fs, logPath);

    const sealed: AuditEvent[] = [];
    const lines: string[] = [];
    for (const input of inputs) {
      const { event, line } = sealEvent(input, head, now);
      const problem = checkSchema(event);
      if (problem)
        throw new IddioError(`refusing to write an invalid audit event: ${problem.message}`, {
          code: 'audit-invalid-event',
          exitCode: EXIT.audit,
        });
      sealed.push(event);
      lines.push(line);
      head = event;
    }
    const data = Buffer.from(lines.join(''), 'utf8');

    // Rotate when the active file has events and is from an earlier day or would grow too big.
    if (tail.lastLine !== undefined && size > 0) {
      const lastTs = headFromLine(tail.lastLine, logPath).ts;
      const dayChanged = lastTs !== undefined && utcDay(lastTs) !== utcDay(now);
      if (dayChanged || size + data.length > maxBytes) {
        const firstLine = readFirstLine(fs, fd, size);
        const first = firstLine === undefined ? undefined : headFromLine(firstLine, logPath);
        const day = lastTs !== undefined ? utcDay(lastTs) : utcDay(now);
        fs.closeSync(fd);
        fd = -1;
        const target = rotatedName(logPath, day, first?.seq ?? 0);
        // rename() replaces an existing file: never let rotation overwrite evidence.
        if (nodeFs.existsSync(target))
          throw new ChainHeadError(`cannot rotate: ${target} already exists`);
        fs.renameSync(logPath, target);
        fd = fs.openSync(logPath, 'a+', 0o600);
        created = true;
        size = 0;
      }
    } else if (size === 0) {
      created = true;
    }

    if (!checkLock()) throw new LockLostError();
    try {
      writeAll(fs, fd, data);
      fs.fsyncSync(fd);
    } catch (error) {
      // Leave no partial line of our own behind: cut back to where we started.
      try {
        fs.ftruncateSync(fd, size);
      } catch {
        // the next writer's torn-line recovery handles it
      }
      throw error;
    }
    if (created) fsyncDir(fs, dirname(logPath));
    return sealed;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

class LockLostError extends Error {}

function describe(error: unknown, logPath: string): IddioError {
  if (error instanceof IddioError) return error;
  const where = logPath;
  if (error instanceof LockInterruptedError) {
    return new IddioError(`audit log not written: ${error.message}`, {
      code: 'audit-lock-interrupted',
      exitCode: EXIT.interrupted,
      cause: error,
    });
  }
  if (error instanceof LockTimeoutError) {
    return new IddioError(`audit log not written: ${error.message}`, {
      code: 'audit-lock-timeout',
      exitCode: EXIT.audit,
      cause: error,
    });
  }
  if (error instanceof ChainHeadError) {
    return new IddioError(`audit log not written: ${error.message} (run \`iddio audit verify\`)`, {
      code: 'audit-corrupt',
      exitCode: EXIT.audit,
      cause: error,
    });
  }
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'disk full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'read-only file system'
          : code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOENT'
            ? 'not a writable path'
            : code
              ? code
              : error instanceof Error
                ? error.message
                : String(error);
  return new IddioError(`audit log not written (${why}): ${where}`, {
    code: 'audit-write',
    exitCode: EXIT.audit,
    cause: error,
  });
}

/** Appends events in order under one lock, one write and one fsync. */
export async function appendAuditEvents(
  logPath: string,
  inputs: AuditEventInput[],
  options: AppendOptions = {},
): Promise<AuditEvent[]> {
  const fs = options.fs ?? nodeFs;
  try {
    makeDirs(dirname(logPath), 0o700, (path, opts) => fs.mkdirSync(path, opts));
    for (let attempt = 0; ; attempt++) {
      const lock = await acquireLock(`${logPath}.lock`, options.lock);
      try {
        return appendLocked(fs, logPath, inputs, options, () => stillHeld(lock));
      } catch (error) {
        // Another writer judged our lock stale and took it: start again from the new head.
        if (!(error instanceof LockLostError) || attempt >= 3) throw error;
      } finally {
        releaseLock(lock);
      }
    }
  } catch (error) {
    throw describe(error, logPath);
  }
}

export async function appendAuditEvent(
  logPath: string,
  input: AuditEventInput,
  options: AppendOptions = {},
): Promise<AuditEvent> {
  const [event] = await appendAuditEvents(logPath, [input], options);
  return event as AuditEvent;
}
