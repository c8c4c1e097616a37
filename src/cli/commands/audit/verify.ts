/**
 * `iddio audit verify`: read the flags, run the verifier over the log, print the verdict in
 * the chosen format. Exit 0 when intact, 5 otherwise.
 */
import { readFileSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import { ExitError, UsageError } from '../../../common/errors.js';
import { EXIT } from '../../../common/exit-codes.js';
import { stripControlLine } from '../../../common/sanitize.js';
import {
  checkCheckpointSignature,
  checkpointKeyPaths,
  parseCheckpoint,
  readKeyIfPresent,
  type Checkpoint,
} from '../../../audit/checkpoint.js';
import { verifyLog, type VerifyReport } from '../../../audit/verify-log.js';
import type { VerifyFailure } from '../../../audit/verify.js';
import { iddioPaths } from '../../env.js';

type Format = 'text' | 'json' | 'github';

export function loadCheckpoint(path: string, home: string): Checkpoint | VerifyFailure {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read checkpoint ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const parsed = parseCheckpoint(text);
  const problem =
    typeof parsed === 'string'
      ? parsed
      : checkCheckpointSignature(parsed, readKeyIfPresent(checkpointKeyPaths(home).publicKey));
  if (problem !== undefined || typeof parsed === 'string') {
    return {
      kind: 'checkpoint',
      file: path,
      line: 1,
      expectedSeq: 0,
      message: problem ?? 'bad checkpoint',
    };
  }
  return parsed;
}

// GitHub workflow commands: escape %, CR and LF in the message; also : and , in properties.
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function failureLine(f: VerifyFailure): string {
  if (f.kind === 'missing') return `missing: ${f.message}`;
  const seq = f.seq !== undefined ? `seq ${f.seq}` : `expected seq ${f.expectedSeq}`;
  return `${f.kind}: ${displayPath(f.file)}:${f.line} (${seq}): ${f.message}`;
}

function print(report: VerifyReport, format: Format, signed: boolean): void {
  const f = report.failure;
  if (format === 'json') {
    const doc = {
      ok: report.ok,
      events: report.events,
      files: report.files,
      last_seq: report.lastSeq,
      last_hash: report.lastHash,
      checkpoint: report.checkpoint ? { ...report.checkpoint, signed } : undefined,
      failure: f && {
        kind: f.kind,
        file: f.file,
        line: f.line,
        seq: f.seq,
        expected_seq: f.expectedSeq,
        message: f.message,
      },
    };
    process.stdout.write(`${JSON.stringify(doc)}\n`);
    return;
  }
  if (format === 'github') {
    if (f) {
      const title = `audit verify: ${f.kind}`;
      // A file that is not there has no line to point at.
      const line = f.kind === 'missing' ? '' : `,line=${f.line}`;
      process.stdout.write(
        `::error file=${ghProp(displayPath(f.file))}${line},title=${ghProp(title)}::${ghData(stripControlLine(failureLine(f)))}\n`,
      );
    } else {
      process.stdout.write(
        `::notice title=audit verify::audit log intact: ${report.events} events\n`,
      );
    }
    return;
  }
  if (f) {
    process.stderr.write(`iddio: audit log not intact: ${stripControlLine(failureLine(f))}\n`);
    return;
  }
  const last =
    report.lastSeq !== undefined
      ? `, last seq ${report.lastSeq} (${report.lastHash?.slice(0, 16)}…)`
      : '';
  const files = report.files.length === 1 ? '1 file' : `${report.files.length} files`;
  const events = report.events === 1 ? '1 event' : `${report.events} events`;
  process.stdout.write(`audit log intact: ${events} in ${files}${last}\n`);
  if (report.checkpoint) {
    process.stdout.write(
      `checkpoint seq ${report.checkpoint.seq} holds (${signed ? 'signature good' : 'unsigned'})\n`,
    );
  }
}

function printNoLogYet(logPath: string, format: Format): void {
  const text = `no audit log yet at ${displayPath(logPath)}: nothing has been recorded, so there is nothing to verify`;
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ ok: true, events: 0, files: [], no_log_yet: true })}\n`,
    );
  } else if (format === 'github') {
    process.stdout.write(`::notice title=audit verify::${ghData(stripControlLine(text))}\n`);
  } else {
    process.stdout.write(`${stripControlLine(text)}\n`);
  }
}

function progressReporter(): ((fraction: number, events: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = Date.now();
  return (fraction, events) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    process.stderr.write(`\rverifying… ${Math.floor(fraction * 100)}% (${events} events)\u001b[K`);
  };
}

export async function runVerify(options: {
  file?: string;
  checkpoint?: string;
  format: string;
}): Promise<void> {
  if (!['text', 'json', 'github'].includes(options.format)) {
    throw new UsageError(`invalid --format "${options.format}": use text, json or github`);
  }
  const format = options.format as Format;
  const paths = iddioPaths();
  const logPath = options.file ?? paths.auditLog;
  let checkpoint: Checkpoint | undefined;
  if (options.checkpoint !== undefined) {
    const loaded = loadCheckpoint(options.checkpoint, paths.home);
    if ('kind' in loaded) {
      print({ ok: false, events: 0, files: [], failure: loaded }, format, false);
      throw new ExitError(EXIT.audit);
    }
    checkpoint = loaded;
  }
  const onProgress = progressReporter();
  const report = await verifyLog(logPath, {
    checkpoint: checkpoint && { seq: checkpoint.seq, hash: checkpoint.hash },
    onProgress,
  });
  if (onProgress) process.stderr.write('\r\u001b[K');
  // A new home has no log yet: nothing was recorded, which is no tampering. A log the user
  // named, or one a checkpoint says existed, must be there.
  if (report.failure?.kind === 'missing' && !checkpoint && options.file === undefined) {
    printNoLogYet(logPath, format);
    return;
  }
  print(report, format, checkpoint?.sig !== undefined);
  if (!report.ok) throw new ExitError(EXIT.audit);
}
