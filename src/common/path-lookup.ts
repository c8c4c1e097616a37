/**
 * Finding an executable on a PATH as Go's exec.LookPath does on Unix: each directory in order
 * (an empty entry is the current directory), the first regular file with an execute bit.
 * `skip` lets a caller pass over a file (the kubectl shim looking past itself).
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The real path of a file, or undefined when it does not resolve. */
export function realPath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

export function findOnPath(
  name: string,
  pathVariable: string | undefined,
  options: { cwd?: string; skip?: (file: string) => boolean } = {},
): string | undefined {
  // A name with a slash is a path, not something to look up (exec.LookPath does the same).
  if (name.includes('/')) return undefined;
  for (const entry of (pathVariable ?? '').split(delimiter)) {
    const dir = entry === '' ? '.' : entry;
    const file = isAbsolute(dir) ? join(dir, name) : resolve(options.cwd ?? '.', dir, name);
    if (executable(file) && !options.skip?.(file)) return file;
  }
  return undefined;
}
