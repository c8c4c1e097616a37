/**
 * Reading the ends of a log file without reading the whole file: the last complete line (the
 * chain head), a torn fragment after it, and the first line (for naming a rotated file).
 */
import type * as nodeFs from 'node:fs';

export type TailFs = Pick<typeof nodeFs, 'readSync'>;

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** Offset of the last "\n" in [0, end), or -1. */
function lastNewlineBefore(fs: TailFs, fd: number, end: number): number {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let to = end;
  while (to > 0) {
    const from = Math.max(0, to - CHUNK);
    const length = to - from;
    const read = fs.readSync(fd, buffer, 0, length, from);
    const at = buffer.subarray(0, read).lastIndexOf(NEWLINE);
    if (at >= 0) return from + at;
    to = from;
  }
  return -1;
}

function readRange(fs: TailFs, fd: number, from: number, to: number): Buffer {
  const buffer = Buffer.alloc(to - from);
  let done = 0;
  while (done < buffer.length) {
    const read = fs.readSync(fd, buffer, done, buffer.length - done, from + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

export interface Tail {
  /** Bytes up to and including the last "\n". */
  completeSize: number;
  /** The last complete line, without its "\n". */
  lastLine?: string;
  /** Bytes after the last "\n": a line a crashed writer did not finish. */
  torn?: Buffer;
}

export function readTail(fs: TailFs, fd: number, size: number): Tail {
  if (size === 0) return { completeSize: 0 };
  const lastNewline = lastNewlineBefore(fs, fd, size);
  const completeSize = lastNewline + 1;
  const torn = completeSize < size ? readRange(fs, fd, completeSize, size) : undefined;
  if (completeSize === 0) return { completeSize, torn };
  const start = lastNewlineBefore(fs, fd, completeSize - 1) + 1;
  const lastLine = readRange(fs, fd, start, completeSize - 1).toString('utf8');
  return { completeSize, lastLine, torn };
}

/** The first line of a file (without "\n"), or undefined when the file has no complete line. */
export function readFirstLine(fs: TailFs, fd: number, size: number): string | undefined {
  const buffer = Buffer.allocUnsafe(CHUNK);
  const parts: Buffer[] = [];
  for (let from = 0; from < size; from += CHUNK) {
    const read = fs.readSync(fd, buffer, 0, Math.min(CHUNK, size - from), from);
    const at = buffer.subarray(0, read).indexOf(NEWLINE);
    if (at >= 0) {
      parts.push(Buffer.from(buffer.subarray(0, at)));
      return Buffer.concat(parts).toString('utf8');
    }
    parts.push(Buffer.from(buffer.subarray(0, read)));
    if (read === 0) break;
  }
  return undefined;
}
