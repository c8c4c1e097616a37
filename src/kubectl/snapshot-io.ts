/**
 * What the parser read is what the executor sends. The parser reads `-f`/`-k` manifests
 * through a recording io; the executor then reads them through its replay, which answers only
 * from what was recorded and never touches the disk. A manifest file rewritten while a human
 * is asked, or a FIFO that serves one thing to the classifier and another to the executor,
 * therefore cannot change what runs.
 */
import { resolve } from 'node:path';
import type { KubectlIo } from './invocation.js';

export interface SnapshotIo {
  /** The io to parse with: reads through `base` and records every answer. */
  io: KubectlIo;
  /** An io that answers exactly what `io` answered, and fails for anything it was not asked. */
  replay(): KubectlIo;
}

export function snapshotIo(base: KubectlIo): SnapshotIo {
  const files = new Map<string, string>();
  const dirs = new Map<string, string[]>();
  const isDir = new Map<string, boolean>();
  const exists = new Map<string, boolean>();
  let stdin: string | undefined;
  const remember = <T>(map: Map<string, T>, path: string, read: () => T): T => {
    const value = read();
    map.set(resolve(path), value);
    return value;
  };
  const recorded = <T>(map: Map<string, T>, path: string, what: string): T => {
    const value = map.get(resolve(path));
    if (value === undefined)
      throw new Error(`${what} "${path}" was not read when the command was classified`);
    return value;
  };
  return {
    io: {
      readFile: (path) => remember(files, path, () => base.readFile(path)),
      readDir: (path) => remember(dirs, path, () => base.readDir(path)),
      isDirectory: (path) => remember(isDir, path, () => base.isDirectory(path)),
      exists: (path) => remember(exists, path, () => base.exists(path)),
      stdin: () => (stdin ??= base.stdin()),
    },
    replay: () => ({
      readFile: (path) => recorded(files, path, 'file'),
      readDir: (path) => [...recorded(dirs, path, 'directory')],
      isDirectory: (path) => isDir.get(resolve(path)) ?? false,
      // A path the parser listed, opened or saw as a directory exists, even if it never asked.
      exists: (path) => {
        const key = resolve(path);
        return exists.get(key) ?? (files.has(key) || dirs.has(key) || isDir.get(key) === true);
      },
      stdin: () => stdin ?? '',
    }),
  };
}
