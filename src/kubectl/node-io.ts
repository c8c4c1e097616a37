/** The default KubectlIo: the real file system and the process's stdin, read once. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { KubectlIo } from './invocation.js';

export function nodeIo(readStdin: () => string = () => readFileSync(0, 'utf8')): KubectlIo {
  let stdin: string | undefined;
  return {
    readFile: (path) => readFileSync(path, 'utf8'),
    readDir: (path) => readdirSync(path),
    isDirectory: (path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
    exists: (path) => existsSync(path),
    stdin: () => (stdin ??= readStdin()),
  };
}

/** An io for callers that have no files and no stdin (tests, `classify` of a plain argv). */
export const emptyIo: KubectlIo = {
  readFile: (path) => {
    throw new Error(`no such file: ${path}`);
  },
  readDir: () => [],
  isDirectory: () => false,
  exists: () => false,
  stdin: () => '',
};
