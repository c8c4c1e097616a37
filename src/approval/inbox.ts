/**
 * The inbox on disk: `$IDDIO_HOME/inbox/` (0700) holds `<request-id>.json` (0600) for each
 * waiting command and, once someone answers, `<request-id>.decision.json`. Files appear
 * whole: each is written beside its final name and then hard-linked into place, which also
 * makes "decided twice" impossible (link fails when the name exists). Used decision nonces
 * are kept in `inbox/used/` so a decision can be presented once only.
 */
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  watch,
  writeSync,
  type FSWatcher,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { REQUEST_ID_PATTERN } from '../audit/request-id.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { makeDirs } from '../common/make-dirs.js';
import { parseRequestFile, type RequestFile } from './request-doc.js';

export const requestPath = (inbox: string, id: string): string => join(inbox, `${id}.json`);
export const decisionPath = (inbox: string, id: string): string =>
  join(inbox, `${id}.decision.json`);

/** Request and decision files are a few KiB; anything bigger is not one of ours. */
export const MAX_INBOX_FILE_BYTES = 64 * 1024;

/**
 * Reads an inbox file only if it is a small regular file; undefined otherwise. Anyone who can
 * write the inbox could leave a FIFO (or a device, or a symlink to one) where a file is
 * expected: a plain readFileSync would block the event loop on it, so the waiting command
 * would hang past its timeout and its signals. O_NONBLOCK makes the open of a FIFO return at
 * once, O_NOFOLLOW refuses a symlink, and fstat on the opened descriptor decides.
 */
export function readInboxFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_INBOX_FILE_BYTES) return undefined;
    // Read to the limit (plus one byte to notice a file that grew after the fstat).
    const buffer = Buffer.alloc(MAX_INBOX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_INBOX_FILE_BYTES) return undefined;
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function ensureInbox(inbox: string): void {
  makeDirs(join(inbox, 'used'));
  // mkdir leaves an existing directory's mode alone; the inbox is nobody else's business.
  for (const dir of [inbox, join(inbox, 'used')]) {
    try {
      chmodSync(dir, 0o700);
    } catch {
      // Not ours to change (another owner): the files inside are still created 0600.
    }
  }
}

export function writeRequestFile(inbox: string, file: RequestFile): void {
  ensureInbox(inbox);
  writeFileAtomic(
    requestPath(inbox, file.request.request_id),
    `${JSON.stringify(file, null, 2)}\n`,
  );
}

export function removeRequest(inbox: string, id: string): void {
  rmSync(requestPath(inbox, id), { force: true });
  rmSync(decisionPath(inbox, id), { force: true });
}

export interface ListedRequest {
  file: RequestFile;
  expired: boolean;
}

/** Every readable request file, oldest first; files that do not parse are left out. */
export function listRequests(inbox: string, nowMs: number): ListedRequest[] {
  let names: string[];
  try {
    names = readdirSync(inbox);
  } catch {
    return [];
  }
  const out: ListedRequest[] = [];
  for (const name of names.sort()) {
    const id = name.replace(/\.json$/, '');
    if (!name.endsWith('.json') || !REQUEST_ID_PATTERN.test(id)) continue;
    try {
      const text = readInboxFile(join(inbox, name));
      if (text === undefined) continue;
      const file = parseRequestFile(text);
      if (file.request.request_id !== id) continue;
      out.push({ file, expired: nowMs > Date.parse(file.expires) });
    } catch {
      // Half-written by someone else, or not ours: not a request anyone can act on.
    }
  }
  return out;
}

/** Writes the decision unless one exists; returns false when the request was already decided. */
export function writeDecisionFile(inbox: string, id: string, content: string): boolean {
  const temp = join(inbox, `.${id}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, decisionPath(inbox, id));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Records a nonce as used; false when it was used before. */
export function useNonce(inbox: string, nonce: string): boolean {
  ensureInbox(inbox);
  try {
    closeSync(openSync(join(inbox, 'used', nonce), 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export function nonceSeen(inbox: string, nonce: string): boolean {
  // Presence is all that counts, whatever the entry is (lstat: a FIFO there is not opened).
  try {
    lstatSync(join(inbox, 'used', nonce));
    return true;
  } catch {
    return false;
  }
}

const PARTIAL_GRACE_MS = 1_000;

export type WaitResult =
  { kind: 'decision'; text: string } | { kind: 'timeout' } | { kind: 'aborted' };

/**
 * Waits for `<id>.decision.json`: fs.watch wakes it at once where inotify works, and a
 * poll (200 ms beside a watcher, 100 ms without one) covers file systems where it does
 * not, so a decision is noticed within 250 ms either way. Both cost next to nothing idle.
 */
export function waitForDecision(
  inbox: string,
  id: string,
  options: { timeoutMs: number; signal?: AbortSignal; pollMs?: number; watch?: boolean },
): Promise<WaitResult> {
  const path = decisionPath(inbox, id);
  return new Promise((resolve) => {
    let watcher: FSWatcher | undefined;
    const finish = (result: WaitResult): void => {
      clearInterval(poll);
      clearTimeout(timer);
      watcher?.close();
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    // A writer that does not write-then-rename can be caught mid-write: text that is not
    // yet JSON gets a second's grace to become whole before it is judged (and rejected).
    let unparsableSince: number | undefined;
    const look = (): void => {
      // Not a small regular file (missing, a FIFO, a symlink, huge): no valid decision, so
      // the wait goes on to its timeout and the outcome is a no.
      const text = readInboxFile(path);
      if (text === undefined) return;
      try {
        JSON.parse(text);
      } catch {
        unparsableSince ??= Date.now();
        if (Date.now() - unparsableSince < PARTIAL_GRACE_MS) return;
      }
      finish({ kind: 'decision', text });
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    try {
      if (options.watch === false) throw new Error('watching disabled');
      watcher = watch(inbox, { persistent: false }, (_event, name) => {
        if (name === null || String(name) === `${id}.decision.json`) look();
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // No watcher here (some network file systems): the poll alone answers.
    }
    // Watched: the poll is only a safety net for events that never come (network file
    // systems accept a watch and stay silent). Unwatched: the poll is all there is.
    const poll = setInterval(look, options.pollMs ?? (watcher ? 200 : 100));
    if (options.signal?.aborted) return finish({ kind: 'aborted' });
    options.signal?.addEventListener('abort', onAbort);
    look();
  });
}
