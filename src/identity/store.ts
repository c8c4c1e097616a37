/**
 * agents.yaml on disk: read it (absent → empty), and change it under a cross-process lock
 * so two `iddio agent add` runs at once cannot lose each other's agent. Writes are atomic
 * and 0600: the file holds only hashes, but nobody else needs to read it.
 */
import { ConfigError } from '../policy/yaml-source.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { withFileLock } from '../common/locked-file.js';
import { emptyRegistry, parseRegistry, serializeRegistry } from './registry.js';
import type { AgentRegistry } from './types.js';
import { readRegularFile } from '../common/read-regular.js';

export function readRegistry(path: string): AgentRegistry {
  let text: string;
  try {
    text = readRegularFile(path);
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
  return withFileLock(path, 'agents.yaml', 'agents-locked', async () => {
    const { registry, result } = await change(readRegistry(path));
    writeFileAtomic(path, serializeRegistry(registry));
    return result;
  });
}
