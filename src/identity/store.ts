/**
 * agents.yaml on disk: read it (absent → empty), and change it under a cross-process lock
 * so two `iddio agent add` runs at once cannot lose each other's agent. Writes are atomic
 * and 0600: the file holds only hashes, but nobody else needs to read it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { ConfigError } from '../policy/yaml-source.js';
import { writeFileAtomic } from './atomic-write.js';
import { emptyRegistry, parseRegistry, serializeRegistry } from './registry.js';
import type { AgentRegistry } from './types.js';

export function readRegistry(path: string): AgentRegistry {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyRegistry(path);
    throw new ConfigError(
      path,
      1,
      `cannot read agents.yaml: ${(error as Error).message}`,
      'agents-unreadable',
    );
  }
  return parseRegistry(text, path);
}

/**
 * Runs `change` on the current registry while holding the lock, then writes what it
 * returns. `change` may do other work that must happen before the write (the audit event)
 * and may throw to leave the file untouched.
 */
export async function updateRegistry<T>(
  path: string,
  change: (current: AgentRegistry) => Promise<{ registry: AgentRegistry; result: T }>,
): Promise<T> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
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
    throw new IddioError(
      `agents.yaml is locked by another iddio process (${path}.lock); try again`,
      {
        code: 'agents-locked',
        exitCode: EXIT.kubeFailed,
        cause: error,
      },
    );
  }
  try {
    const { registry, result } = await change(readRegistry(path));
    writeFileAtomic(path, serializeRegistry(registry));
    return result;
  } finally {
    // A failed release (the lock already gone) must not turn a completed change into an error.
    await release().catch(() => {});
  }
}
