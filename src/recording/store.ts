/**
 * The content-addressed store under $IDDIO_HOME/sessions/: each recording is gzipped and kept
 * as sha256/<first two hex digits>/<digest>.cast.gz, where digest is the SHA-256 of the stored
 * (gzipped) bytes — `sha256sum` of the file equals the `recording` of its `completed` event,
 * which the hash chain covers. Directories are 0700, files 0600. Reads check the digest.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../common/atomic-write.js';
import { makeDirs } from '../common/make-dirs.js';
import { decodeAsciicast, type Recording } from './asciicast.js';

const DIGEST = /^sha256:([0-9a-f]{64})$/;

export class RecordingStoreError extends Error {
  constructor(
    message: string,
    readonly code: 'missing' | 'corrupt' | 'bad-reference',
  ) {
    super(message);
  }
}

/** The file of a `recording` reference (`sha256:<hex>`); refuses anything else. */
export function recordingPath(sessionsDir: string, reference: string): string {
  const match = DIGEST.exec(reference);
  if (!match?.[1]) {
    throw new RecordingStoreError(
      `not a recording reference: ${JSON.stringify(reference)}`,
      'bad-reference',
    );
  }
  const hex = match[1];
  return join(sessionsDir, 'sha256', hex.slice(0, 2), `${hex}.cast.gz`);
}

/** Stores the asciicast text; returns its reference. The same bytes are stored once. */
export function storeRecording(sessionsDir: string, asciicast: string): string {
  const bytes = gzipSync(Buffer.from(asciicast, 'utf8'), { level: 6 });
  const reference = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const path = recordingPath(sessionsDir, reference);
  // makeDirs, not a recursive mkdir: that one spins for ever under /proc (an agent-set home).
  for (const d of [sessionsDir, join(sessionsDir, 'sha256'), join(path, '..')]) makeDirs(d);
  writeFileAtomic(path, bytes);
  return reference;
}

/** Reads and checks a recording: its bytes must hash to the reference. */
export function readRecording(sessionsDir: string, reference: string): Recording {
  const path = recordingPath(sessionsDir, reference);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new RecordingStoreError(
      `recording ${reference} is not in ${sessionsDir} (removed by retention, or never stored)`,
      'missing',
    );
  }
  const expected = Buffer.from(reference.slice('sha256:'.length), 'hex');
  const actual = createHash('sha256').update(bytes).digest();
  if (!timingSafeEqual(expected, actual)) {
    throw new RecordingStoreError(
      `recording ${reference} has been altered: its bytes no longer match its digest`,
      'corrupt',
    );
  }
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch {
    throw new RecordingStoreError(`recording ${reference} is not gzip data`, 'corrupt');
  }
  try {
    return decodeAsciicast(text);
  } catch (error) {
    throw new RecordingStoreError(`recording ${reference}: ${(error as Error).message}`, 'corrupt');
  }
}

const PRUNE_STAMP = '.pruned';
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Removes recordings older than `retentionMs` (by the time they were stored). Runs at most once
 * an hour per store (a stamp file remembers the last run), so commands do not pay for it.
 * Returns how many files were removed. Never throws: retention is housekeeping.
 */
export function pruneRecordings(
  sessionsDir: string,
  retentionMs: number,
  now = Date.now(),
): number {
  if (!(retentionMs > 0)) return 0;
  const stamp = join(sessionsDir, PRUNE_STAMP);
  try {
    if (now - statSync(stamp).mtimeMs < PRUNE_EVERY_MS) return 0;
  } catch {
    // no stamp yet: prune now
  }
  let removed = 0;
  try {
    closeSync(openSync(stamp, 'a', 0o600));
    utimesSync(stamp, now / 1000, now / 1000);
    const root = join(sessionsDir, 'sha256');
    for (const prefix of readdirSync(root)) {
      const dir = join(root, prefix);
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        if (now - statSync(file).mtimeMs > retentionMs) {
          rmSync(file, { force: true });
          removed++;
        }
      }
    }
  } catch {
    // A store that cannot be listed is reported by `session show`, not by a failing command.
  }
  return removed;
}
