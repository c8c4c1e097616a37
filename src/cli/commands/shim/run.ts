/**
 * `iddio shim install DIR`: DIR/kubectl becomes a symlink to iddio's entry point, which runs
 * as `iddio kubectl` when invoked under that name (bin/iddio.js). It never replaces a file
 * that is not already iddio's shim, and says which real kubectl stays reachable.
 */
import { lstatSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT } from '../../../common/exit-codes.js';
import { UsageError } from '../../../common/errors.js';
import { realPath } from '../../../common/path-lookup.js';
import { findRealKubectl, iddioEntry } from '../../../kubectl/real-kubectl.js';
import { makeDirs } from '../../../common/make-dirs.js';

export function runShimInstall(
  dir: string,
  env: Record<string, string | undefined>,
  print: (line: string) => void,
  self: string = iddioEntry(),
): number {
  const target = resolve(dir);
  const link = join(target, 'kubectl');
  try {
    makeDirs(target, 0o755);
  } catch (error) {
    throw new UsageError(`cannot create ${target}: ${(error as NodeJS.ErrnoException).code}`);
  }
  let exists = false;
  try {
    lstatSync(link);
    exists = true;
  } catch {
    // nothing there yet
  }
  if (exists && realPath(link) !== self) {
    throw new UsageError(
      `${link} exists and is not iddio's shim; remove it first (iddio never replaces a kubectl)`,
    );
  }
  if (exists) print(`kept     ${link} (already iddio's shim)`);
  else {
    try {
      symlinkSync(self, link);
    } catch (error) {
      throw new UsageError(`cannot create ${link}: ${(error as NodeJS.ErrnoException).code}`);
    }
    print(`created  ${link} -> ${self}`);
  }
  print(`In the agent's environment, put it first on PATH:  export PATH="${target}:$PATH"`);
  const real = findRealKubectl({ ...env, PATH: `${target}:${env.PATH ?? ''}` }, self);
  print(
    real
      ? `The real kubectl, past the shim: ${real} (IDDIO_KUBECTL names another)`
      : 'No other kubectl is on PATH (IDDIO_KUBECTL can name one); iddio does not need it.',
  );
  return EXIT.ok;
}
