/**
 * "The real kubectl": the kubectl binary that is not iddio. When iddio is installed as a
 * `kubectl` shim first on an agent's PATH, a plain PATH search finds iddio itself, and running
 * it would loop; so every candidate that resolves to iddio's own entry point is passed over.
 * `IDDIO_KUBECTL` names the binary explicitly (and is refused if it, too, is iddio).
 */
import { dirname, join } from 'node:path';
import { shippedRulesDir } from '../classify/load.js';
import { UsageError } from '../common/errors.js';
import { findOnPath, realPath } from '../common/path-lookup.js';

/** bin/iddio.js, resolved: what every shim points at. */
export function iddioEntry(): string {
  const bin = join(dirname(shippedRulesDir()), 'bin', 'iddio.js');
  return realPath(bin) ?? bin;
}

function isIddio(file: string, self: string): boolean {
  return realPath(file) === self;
}

/**
 * The real kubectl's path, or undefined when there is none. `self` is iddio's entry point
 * (tests pass another); `cwd` resolves relative PATH entries.
 */
export function findRealKubectl(
  env: Record<string, string | undefined>,
  self: string = iddioEntry(),
): string | undefined {
  const named = env.IDDIO_KUBECTL;
  if (named !== undefined && named !== '') {
    const path = named.includes('/') ? named : findOnPath(named, env.PATH);
    if (path === undefined || realPath(path) === undefined)
      throw new UsageError(`IDDIO_KUBECTL=${named} is not an executable file`);
    if (isIddio(path, self))
      throw new UsageError(`IDDIO_KUBECTL=${named} is iddio itself, not the real kubectl`);
    return path;
  }
  return findOnPath('kubectl', env.PATH, { skip: (file) => isIddio(file, self) });
}
