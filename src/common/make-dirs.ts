/**
 * `mkdir -p` that always ends. Node 20's `mkdirSync(path, { recursive: true })` loops forever,
 * synchronously and deaf to signals, when the kernel answers ENOENT for a directory it will
 * never create (under /proc/self, say): an agent that controls IDDIO_AUDIT_LOG or IDDIO_HOME
 * could park iddio at full CPU that way. Here each missing level is created at most twice (a
 * parent created by a racing process is fine; a parent the kernel keeps refusing is an
 * error), so every path iddio creates fails at once with the kernel's own error instead.
 */
import * as nodeFs from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IddioError } from './errors.js';
import { EXIT } from './exit-codes.js';

type Mkdir = (path: string, options: { mode: number }) => unknown;

export function makeDirs(path: string, mode = 0o700, mkdir: Mkdir = nodeFs.mkdirSync): void {
  create(resolve(path), mode, mkdir, 0);
}

function create(path: string, mode: number, mkdir: Mkdir, depth: number): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdir(path, { mode });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return; // a file there fails the caller's open with ENOTDIR
      const parent = dirname(path);
      // Only a missing parent is worth another try, and only once per level.
      if (code !== 'ENOENT' || attempt > 0 || parent === path || depth > 4096) throw error;
      create(parent, mode, mkdir, depth + 1);
    }
  }
}

/**
 * makeDirs for a directory iddio keeps its own state in (the home, key and lock folders):
 * failure is one line with exit 5, like any other state iddio cannot write.
 */
export function makeStateDir(path: string, what: string, mode = 0o700): void {
  try {
    makeDirs(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new IddioError(`cannot create ${path} (${what}): ${code}`, {
      code: 'state-dir',
      exitCode: EXIT.audit,
      cause: error,
    });
  }
}
