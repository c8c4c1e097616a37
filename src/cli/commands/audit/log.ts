/**
 * `iddio audit log`: filtered events as a readable table (fixed-width columns, so it streams)
 * or NDJSON. Every value from the log is stripped of terminal control characters.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { UsageError } from '../../../common/errors.js';
import { stripControlLine } from '../../../common/sanitize.js';
import type { AuditEvent } from '../../../audit/event.js';
import {
  matchesFilter,
  parseDecision,
  parseOutcome,
  parseSince,
  parseTier,
  type LogFilter,
} from '../../../audit/query.js';
import { readAuditEvents } from '../../../audit/reader.js';
import { iddioPaths } from '../../env.js';
import { toTerminalJson } from '../../../common/terminal-json.js';

export function colorLevel(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv = process.env,
): 0 | 1 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return 1;
  return stream.isTTY ? 1 : 0;
}

function filterFrom(options: Record<string, string | boolean | undefined>): LogFilter {
  const str = (name: string) =>
    typeof options[name] === 'string' ? (options[name] as string) : undefined;
  const filter: LogFilter = { agent: str('agent'), namespace: str('namespace') };
  const number = (value: number | string): number => {
    if (typeof value === 'string') throw new UsageError(value);
    return value;
  };
  const tier = str('tier');
  if (tier !== undefined) filter.tier = number(parseTier(tier, '--tier'));
  const minTier = str('minTier');
  if (minTier !== undefined) filter.minTier = number(parseTier(minTier, '--min-tier'));
  const since = str('since');
  if (since !== undefined) filter.sinceMs = number(parseSince(since, new Date()));
  const decision = str('decision');
  if (decision !== undefined) {
    const parsed = parseDecision(decision);
    if (parsed.startsWith('invalid')) throw new UsageError(parsed);
    filter.decision = parsed as LogFilter['decision'];
  }
  const outcome = str('outcome');
  if (outcome !== undefined) {
    const parsed = parseOutcome(outcome);
    if (parsed.startsWith('invalid')) throw new UsageError(parsed);
    filter.outcome = parsed as LogFilter['outcome'];
  }
  return filter;
}

const TIER_COLOR: Array<(c: ChalkInstance) => ChalkInstance> = [
  (c) => c.green,
  (c) => c.cyan,
  (c) => c.yellow,
  (c) => c.red,
  (c) => c.bold.magenta,
];

function cell(text: string, width: number): string {
  const clean = stripControlLine(text);
  return clean.length > width ? `${clean.slice(0, width - 1)}…` : clean.padEnd(width);
}

function result(event: AuditEvent): string {
  if (event.stage === 'completed')
    return event.exit_code === undefined ? '' : `exit ${event.exit_code}`;
  if (event.approved_by !== undefined) return `approved by ${event.approved_by}`;
  if (event.outcome !== undefined) return `${event.outcome}: ${event.reason ?? ''}`;
  return event.reason ?? event.rule ?? '';
}

function row(event: AuditEvent, chalk: ChalkInstance): string {
  const tier = event.tier === undefined ? '  ' : `T${event.tier}`;
  const colour = event.tier === undefined ? undefined : TIER_COLOR[event.tier];
  const command = event.argv
    ? event.argv.join(' ')
    : [event.verb, event.resource, ...(event.names ?? [])].filter(Boolean).join(' ');
  return [
    cell(event.ts.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'), 20),
    cell(event.stage, 9),
    cell(event.agent ?? '-', 16),
    `${colour ? colour(chalk)(tier) : tier}  `,
    cell(event.decision ?? '', 8),
    cell(event.namespace ?? '', 14),
    cell(command, 48),
    stripControlLine(result(event)),
  ]
    .join('  ')
    .trimEnd();
}

export async function runLog(options: Record<string, string | boolean | undefined>): Promise<void> {
  const filter = filterFrom(options);
  const logPath = typeof options.file === 'string' ? options.file : iddioPaths().auditLog;
  const chalk = new Chalk({ level: colorLevel(process.stdout) });
  let shown = 0;
  let skipped = 0;
  const out: string[] = [];
  const flush = () => {
    if (out.length > 0) process.stdout.write(out.join(''));
    out.length = 0;
  };
  for await (const { event } of readAuditEvents(logPath, { onBadLine: () => skipped++ })) {
    if (!matchesFilter(event, filter)) continue;
    if (shown === 0 && !options.json) {
      out.push(
        `${['TIME'.padEnd(20), 'STAGE'.padEnd(9), 'AGENT'.padEnd(16), 'TIER', 'DECISION', 'NAMESPACE'.padEnd(14), 'COMMAND'.padEnd(48), 'RESULT'].join('  ')}\n`,
      );
    }
    shown++;
    out.push(options.json ? `${toTerminalJson(event)}\n` : `${row(event, chalk)}\n`);
    if (out.length >= 512) flush();
  }
  flush();
  if (shown === 0 && !options.json) process.stderr.write('No audit events found.\n');
  if (skipped > 0) {
    process.stderr.write(
      `iddio: skipped ${skipped} line(s) that are not audit events; run \`iddio audit verify\`\n`,
    );
  }
}
