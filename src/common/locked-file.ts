/**
 * Read-modify-write of a small shared file (agents.yaml, approvers.yaml) by several iddio
 * processes at once: the change runs under a cross-process lock (proper-lockfile), and the
 * caller writes with writeFileAtomic, so a reader or a crash never sees half a file.
 */
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { EXIT } from './exit-codes.js';
import { IddioError } from './errors.js';
import { makeStateDir } from './make-dirs.js';

export async function withFileLock<T>(
  path: string,
  /** How the file is named in the error, e.g. `agents.yaml`. */
  label: string,
  /** The error code when the lock cannot be had, e.g. `agents-locked`. */
  code: string,
  change: () => Promise<T> | T,
): Promise<T> {
  makeStateDir(dirname(path), `the folder of ${label}`);
  let release: () => Promise<void>;
  try {
    // A holder refreshes the lock while it lives; one left by a crashed process goes stale
    // after 5 s, and the retries below wait longer than that.
    release = await lockfile.lock(path, {
      realpath: false,
      lockfilePath: `${path}.lock`,
      stale: 5_000,
      retries: { retries: 60, minTimeout: 20, maxTimeout: 200 },
    });
  } catch (error) {
    throw new IddioError(`${label} is locked by another iddio process (${path}.lock); try again`, {
      code,
      exitCode: EXIT.kubeFailed,
      cause: error,
    });
  }
  try {
    return await change();
  } finally {
    // A failed release (the lock already gone) must not turn a completed change into an error.
    await release().catch(() => {});
  }
}
