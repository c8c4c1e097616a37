/**
 * Streaming reads of the log, in order across rotated files, in constant memory. Lines come in
 * batches (one per read chunk) because per-line promises would dominate the cost of verifying
 * a million events; `readAuditEvents` gives the simple per-event view that queries want.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { checkSchema } from './schema.js';
import type { AuditEvent } from './event.js';
import { listLogFiles } from './files.js';

export interface RawLine {
  file: string;
  /** 1-based line number within its file. */
  line: number;
  text: string;
  /** False for a last line with no "\n": a write that never finished. */
  complete: boolean;
  invalidUtf8: boolean;
}

const CHUNK = 256 * 1024;

function splitText(text: string, file: string, firstLine: number, out: RawLine[]): number {
  let line = firstLine;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    out.push({ file, line, text: text.slice(start, end), complete: true, invalidUtf8: false });
    line++;
    start = end + 1;
  }
  return line;
}

// Rare path: bytes that are not UTF-8 somewhere in the chunk; find out which lines.
function splitBytes(bytes: Buffer, file: string, firstLine: number, out: RawLine[]): number {
  let line = firstLine;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break;
    const raw = bytes.subarray(start, end);
    out.push({ file, line, text: raw.toString('utf8'), complete: true, invalidUtf8: !isUtf8(raw) });
    line++;
    start = end + 1;
  }
  return line;
}

/** Lines of one file, in batches. A missing file yields nothing. */
export async function* readFileLines(file: string): AsyncGenerator<RawLine[]> {
  let carry: Buffer | undefined;
  let line = 1;
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
      const last = bytes.lastIndexOf(0x0a);
      if (last < 0) {
        carry = bytes;
        continue;
      }
      const batch: RawLine[] = [];
      const text = bytes.toString('utf8', 0, last + 1);
      line = text.includes('\uFFFD')
        ? splitBytes(bytes.subarray(0, last + 1), file, line, batch)
        : splitText(text, file, line, batch);
      carry = last + 1 < bytes.length ? Buffer.from(bytes.subarray(last + 1)) : undefined;
      yield batch;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (carry && carry.length > 0) {
    yield [
      { file, line, text: carry.toString('utf8'), complete: false, invalidUtf8: !isUtf8(carry) },
    ];
  }
}

/** The files of a log in reading order (rotated files first); see files.ts. */
export function logFilePaths(logPath: string): string[] {
  return listLogFiles(logPath).map((file) => file.path);
}

/** Lines of the whole rotated set, in order. */
export async function* readLogLines(logPath: string): AsyncGenerator<RawLine[]> {
  for (const file of logFilePaths(logPath)) yield* readFileLines(file);
}

export interface LocatedEvent {
  event: AuditEvent;
  file: string;
  line: number;
}

/**
 * Parsed events of the whole log, oldest first, without checking the chain (that is
 * `verify`'s job). Lines that are not schema-v1 events are skipped and passed to `onBadLine`.
 */
export async function* readAuditEvents(
  logPath: string,
  options: { onBadLine?: (line: RawLine, why: string) => void } = {},
): AsyncGenerator<LocatedEvent> {
  for await (const batch of readLogLines(logPath)) {
    for (const raw of batch) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.text);
      } catch {
        options.onBadLine?.(raw, 'malformed JSON');
        continue;
      }
      const problem = checkSchema(parsed);
      if (problem || !raw.complete) {
        options.onBadLine?.(raw, problem ? problem.message : 'incomplete final line');
        continue;
      }
      yield { event: parsed as AuditEvent, file: raw.file, line: raw.line };
    }
  }
}
