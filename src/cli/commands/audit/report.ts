/**
 * `iddio audit report`: SOC 2 evidence from the audit log (html, json, md or csv). Reads the log
 * once for the figures and once more to verify the chain, optionally joins the cluster's audit
 * log, then writes one file. Exit 0, or 5 when the chain does not verify (the report is still
 * written, and says so on its first page).
 */
import { existsSync } from 'node:fs';
import { correlate } from '../../../audit/correlate/correlate.js';
import { parseSince } from '../../../audit/query.js';
import { readAuditEvents, logFilePaths } from '../../../audit/reader.js';
import { ReportBuilder } from '../../../audit/report/collect.js';
import { renderCsv } from '../../../audit/report/csv.js';
import { renderHtml } from '../../../audit/report/html.js';
import { renderMarkdown } from '../../../audit/report/markdown.js';
import type { Report, ReportVerification } from '../../../audit/report/model.js';
import { verifyLog } from '../../../audit/verify-log.js';
import { writeFileAtomic } from '../../../common/atomic-write.js';
import { ExitError, UsageError } from '../../../common/errors.js';
import { EXIT } from '../../../common/exit-codes.js';
import { stripControlLine } from '../../../common/sanitize.js';
import { toTerminalJson } from '../../../common/terminal-json.js';
import { iddioPaths } from '../../env.js';
import { loadCheckpoint } from './verify.js';

const FORMATS = {
  html: renderHtml,
  md: renderMarkdown,
  csv: renderCsv,
  json: (r: Report) => `${toTerminalJson(r, 2)}\n`,
};

function time(text: string | undefined, flag: string, now: Date): { ms?: number; iso?: string } {
  if (text === undefined) return {};
  const parsed = parseSince(text, now);
  if (typeof parsed === 'string') throw new UsageError(parsed.replace('--since', flag));
  return { ms: parsed, iso: new Date(parsed).toISOString() };
}

export async function runReport(options: {
  from?: string;
  to?: string;
  format: string;
  out?: string;
  file?: string;
  k8sAudit?: string[];
  checkpoint?: string;
}): Promise<void> {
  const render = (FORMATS as Record<string, (r: Report) => string>)[options.format];
  if (!render)
    throw new UsageError(
      `invalid --format "${stripControlLine(options.format)}": use html, json, md or csv`,
    );
  const now = new Date();
  const from = time(options.from, '--from', now);
  const to = time(options.to, '--to', now);
  if (from.ms !== undefined && to.ms !== undefined && from.ms > to.ms)
    throw new UsageError('--from is after --to');
  for (const file of options.k8sAudit ?? []) {
    if (!existsSync(file))
      throw new UsageError(`cannot read the cluster audit log ${JSON.stringify(file)}`);
  }
  const paths = iddioPaths();
  const log = options.file ?? paths.auditLog;
  if (logFilePaths(log).every((file) => !existsSync(file)))
    throw new UsageError(`no audit log at ${log}`);

  let checkpoint: { seq: number; hash: string; signed: boolean } | undefined;
  let checkpointFailure: ReportVerification['failure'];
  if (options.checkpoint !== undefined) {
    const loaded = loadCheckpoint(options.checkpoint, paths.home);
    if ('kind' in loaded)
      checkpointFailure = {
        kind: loaded.kind,
        file: loaded.file,
        line: loaded.line,
        message: loaded.message,
      };
    else checkpoint = { seq: loaded.seq, hash: loaded.hash, signed: loaded.sig !== undefined };
  }
  const verified = await verifyLog(log, checkpoint ? { checkpoint } : {});
  const failure = checkpointFailure ?? verified.failure;
  const verification: ReportVerification = {
    ok: verified.ok && checkpointFailure === undefined,
    events: verified.events,
    ...(verified.lastSeq !== undefined
      ? { lastSeq: verified.lastSeq, lastHash: verified.lastHash }
      : {}),
    ...(failure
      ? {
          failure: {
            kind: failure.kind,
            file: failure.file,
            line: failure.line,
            message: failure.message,
          },
        }
      : {}),
    ...(checkpoint && options.checkpoint
      ? { checkpoint: { file: options.checkpoint, ...checkpoint } }
      : {}),
  };

  const builder = new ReportBuilder({
    ...(from.ms !== undefined ? { fromMs: from.ms } : {}),
    ...(to.ms !== undefined ? { toMs: to.ms } : {}),
  });
  let skippedLines = 0;
  for await (const { event } of readAuditEvents(log, { onBadLine: () => skippedLines++ }))
    builder.add(event);
  const correlation = options.k8sAudit?.length
    ? await correlate({ iddioLog: log, k8sAudit: options.k8sAudit })
    : undefined;
  const report = builder.finish({
    log,
    files: logFilePaths(log).filter((file) => existsSync(file)),
    ...(from.iso !== undefined ? { from: from.iso } : {}),
    ...(to.iso !== undefined ? { to: to.iso } : {}),
    generated: now,
    verification,
    skippedLines,
    ...(correlation ? { correlation } : {}),
  });
  const text = render(report);
  if (options.out !== undefined) {
    writeFileAtomic(options.out, text);
    process.stderr.write(
      `iddio: wrote the ${options.format} report to ${stripControlLine(options.out)}\n`,
    );
  } else process.stdout.write(text);
  if (!verification.ok) {
    process.stderr.write(
      `iddio: the audit log did not verify (${stripControlLine(failure?.message ?? 'unknown')}); the report says so\n`,
    );
    throw new ExitError(EXIT.audit);
  }
}
