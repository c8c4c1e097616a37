/** `iddio audit summary`: counts per group; text lines or one JSON document. */
import { UsageError } from '../../../common/errors.js';
import { stripControlLine } from '../../../common/sanitize.js';
import { readAuditEvents } from '../../../audit/reader.js';
import {
  describeSegment,
  SUMMARY_BY,
  SummaryBuilder,
  type SummaryBy,
} from '../../../audit/summary.js';
import { iddioPaths } from '../../env.js';

export async function runSummary(options: {
  by: string;
  file?: string;
  json?: boolean;
}): Promise<void> {
  if (!(SUMMARY_BY as readonly string[]).includes(options.by)) {
    throw new UsageError(`invalid --by "${options.by}": use ${SUMMARY_BY.join(', ')}`);
  }
  const by = options.by as SummaryBy;
  const builder = new SummaryBuilder(by);
  for await (const { event } of readAuditEvents(options.file ?? iddioPaths().auditLog))
    builder.add(event);
  const groups = builder.result();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ by, groups })}\n`);
    return;
  }
  if (groups.length === 0) {
    process.stderr.write('No commands on record.\n');
    return;
  }
  const width = Math.max(...groups.map((g) => stripControlLine(g.key).length));
  for (const group of groups) {
    const segments = group.segments
      .map((s) => stripControlLine(describeSegment(s, by)))
      .join(' · ');
    process.stdout.write(`${stripControlLine(group.key).padEnd(width)}  ${segments}\n`);
  }
}
