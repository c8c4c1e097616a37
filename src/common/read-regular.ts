/**
 * Reads a file iddio's own state lives in (policy, agents, approvers, rules, caches, keys,
 * the lock). Anyone who can write $IDDIO_HOME could leave a FIFO where a file belongs; a
 * plain readFileSync would then block the whole process, synchronously and deaf to signals,
 * until a writer appears — and `iddio agent revoke`, the human's way out, reads agents.yaml.
 * O_NONBLOCK makes opening a FIFO return at once and fstat on the open descriptor decides:
 * anything but a regular file is an error (code ENOTREG) the caller reports like any other.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

export function readRegularFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) {
      throw Object.assign(new Error(`${path} is not a regular file`), {
        code: 'ENOTREG',
        path,
      });
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
