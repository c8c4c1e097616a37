/**
 * The set of files that make up one log: rotated files `<log>.<YYYY-MM-DD>.<first seq, 12
 * digits>` beside the active file `<log>`, read oldest first (by first seq), active file last.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const ROTATED_SUFFIX = /^\.(\d{4}-\d{2}-\d{2})\.(\d{12,})$/;

export interface LogFile {
  path: string;
  /** The seq of the first event, from the name; undefined for the active file. */
  firstSeq?: number;
}

export function rotatedName(logPath: string, day: string, firstSeq: number): string {
  return `${logPath}.${day}.${String(firstSeq).padStart(12, '0')}`;
}

/** Rotated files oldest first, then the active file (whether or not it exists yet). */
export function listLogFiles(logPath: string): LogFile[] {
  const dir = dirname(logPath);
  const base = basename(logPath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw error;
  }
  const rotated: LogFile[] = [];
  for (const name of names) {
    if (!name.startsWith(base)) continue;
    const match = ROTATED_SUFFIX.exec(name.slice(base.length));
    if (match) rotated.push({ path: join(dir, name), firstSeq: Number(match[2]) });
  }
  rotated.sort((a, b) => (a.firstSeq ?? 0) - (b.firstSeq ?? 0));
  return [...rotated, { path: logPath }];
}

/** The UTC day of an RFC 3339 timestamp or a Date, as YYYY-MM-DD. */
export function utcDay(time: string | Date): string {
  return (typeof time === 'string' ? time : time.toISOString()).slice(0, 10);
}
