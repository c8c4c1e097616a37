/**
 * `iddio audit correlate --k8s-audit FILE...`: iddio's log joined with the cluster's audit log.
 * Exit 0 when everything joins, 1 when anything is unexplained (so CI can gate on it).
 */
import { statSync } from 'node:fs';
import { correlate } from '../../../audit/correlate/correlate.js';
import { formatCorrelation } from '../../../audit/correlate/format.js';
import { ExitError, UsageError } from '../../../common/errors.js';
import { EXIT } from '../../../common/exit-codes.js';
import { toTerminalJson } from '../../../common/terminal-json.js';
import { iddioPaths } from '../../env.js';

export async function runCorrelate(options: {
  k8sAudit?: string[];
  file?: string;
  user?: string[];
  json?: boolean;
}): Promise<void> {
  const files = options.k8sAudit ?? [];
  if (files.length === 0)
    throw new UsageError(
      '--k8s-audit FILE is required (the cluster audit log, audit.k8s.io/v1 Event lines)',
    );
  for (const file of files) {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      // reported below
    }
    if (!isFile)
      throw new UsageError(`cannot read the cluster audit log ${JSON.stringify(file)}: not a file`);
  }
  const iddioLog = options.file ?? iddioPaths().auditLog;
  const report = await correlate({ iddioLog, k8sAudit: files, credentials: options.user ?? [] });
  process.stdout.write(options.json ? `${toTerminalJson(report, 2)}\n` : formatCorrelation(report));
  if (report.badIddioLines > 0) {
    process.stderr.write(
      `iddio: skipped ${report.badIddioLines} line(s) of iddio's log that are not audit events; run \`iddio audit verify\`\n`,
    );
  }
  if (report.unexplained > 0) throw new ExitError(EXIT.unexplained);
}
