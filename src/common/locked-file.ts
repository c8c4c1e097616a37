/**
 * Read-modify-write of a small shared file (agents.yaml, approvers.yaml) by several iddio
 * processes at once: the change runs under the same cross-process lock as the audit log
 * (process-lock.ts: honoured only while a live process on this host holds it open, so a lock
 * file an agent plants or keeps touching cannot stop a human's `agent revoke`), and the caller
 * writes with writeFileAtomic, so a reader or a crash never sees half a file.
 */
import { dirname } from 'node:path';
import { EXIT } from './exit-codes.js';
import { IddioError } from './errors.js';
import { makeStateDir } from './make-dirs.js';
import { acquireLock, LockInterruptedError, releaseLock } from './process-lock.js';

export async function withFileLock<T>(
  path: string,
  /** How the file is named in the error, e.g. `agents.yaml`. */
  label: string,
  /** The error code when the lock cannot be had, e.g. `agents-locked`. */
  code: string,
  change: () => Promise<T> | T,
): Promise<T> {
  makeStateDir(dirname(path), `the folder of ${label}`);
  let lock;
  try {
    // No age limit: a holder proven alive (it may be waiting for the audit lock inside) keeps
    // it; one that is gone, or a forged lock, is taken over at once.
    lock = await acquireLock(`${path}.lock`, { staleMs: Number.POSITIVE_INFINITY });
  } catch (error) {
    if (error instanceof LockInterruptedError)
      throw new IddioError(error.message, { code, exitCode: EXIT.interrupted, cause: error });
    throw new IddioError(
      `${label} is locked by another iddio process (${path}.lock): ${(error as Error).message}`,
      { code, exitCode: EXIT.kubeFailed, cause: error },
    );
  }
  try {
    return await change();
  } finally {
    releaseLock(lock);
  }
}
