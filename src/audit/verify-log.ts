/**
 * Verifying a log on disk: stream every file of the rotated set through the ChainVerifier.
 * I/O only; the decisions are in verify.ts.
 */
import { existsSync, statSync } from 'node:fs';
import { logFilePaths, readFileLines } from './reader.js';
import { parallelWorth, verifyParallel } from './verify-parallel.js';
import { ChainVerifier, type VerifyFailure } from './verify.js';

export interface VerifyReport {
  ok: boolean;
  /** Events that passed, in order, before any failure. */
  events: number;
  files: string[];
  lastSeq?: number;
  lastHash?: string;
  lastFile?: string;
  failure?: VerifyFailure;
  checkpoint?: { seq: number; hash: string };
}

export interface VerifyLogOptions {
  checkpoint?: { seq: number; hash: string };
  /** Called now and then with the share of bytes read so far (0-1). */
  onProgress?: (fraction: number, events: number) => void;
  /** Use worker threads for big logs (default true); the result is the same either way. */
  parallel?: boolean;
  /** The smallest log worth the workers (tests lower it). */
  parallelMinBytes?: number;
}

export async function verifyLog(
  logPath: string,
  options: VerifyLogOptions = {},
): Promise<VerifyReport> {
  const files = logFilePaths(logPath).filter((file) => existsSync(file));
  if (files.length === 0) {
    return {
      ok: false,
      events: 0,
      files,
      failure: {
        kind: 'missing',
        file: logPath,
        line: 0,
        expectedSeq: 0,
        message: `no audit log at ${logPath}`,
      },
    };
  }
  const total = files.reduce((sum, file) => sum + statSync(file).size, 0) || 1;
  if (options.parallel !== false && parallelWorth(total, options.parallelMinBytes)) {
    // A worker that cannot start or dies is no verdict: the sequential verifier decides.
    const fast = await verifyParallel(files, total, options).catch(() => undefined);
    if (fast) return fast;
  }
  let read = 0;
  const verifier = new ChainVerifier({ checkpoint: options.checkpoint });
  outer: for (const file of files) {
    for await (const batch of readFileLines(file)) {
      for (const raw of batch) {
        read += raw.text.length + 1;
        if (!verifier.push(raw)) break outer;
      }
      options.onProgress?.(Math.min(1, read / total), verifier.state().events);
    }
  }
  const result = verifier.finish();
  return {
    ok: result.ok,
    events: result.state.events,
    files,
    lastSeq: result.state.lastSeq,
    lastHash: result.state.events > 0 ? result.state.lastHash : undefined,
    lastFile: result.state.lastFile,
    failure: result.failure,
    checkpoint: options.checkpoint,
  };
}
