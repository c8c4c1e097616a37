/**
 * One row per command (RFC 4180), the shape compliance tools import. Text cells that a
 * spreadsheet would run as a formula (=, +, -, @ first) are prefixed with an apostrophe.
 */
import type { CommandRow, Report } from './model.js';

const COLUMNS: Array<[string, (row: CommandRow) => string | number | undefined]> = [
  ['time', (r) => r.ts],
  ['seq', (r) => r.seq],
  ['request_id', (r) => r.request_id],
  ['session', (r) => r.session],
  ['agent', (r) => r.agent],
  ['identity', (r) => r.identity],
  ['command', (r) => r.command],
  ['verb', (r) => r.verb],
  ['resource', (r) => r.resource],
  ['namespace', (r) => r.namespace],
  ['tier', (r) => r.tier],
  ['decision', (r) => r.decision],
  ['outcome', (r) => r.outcome],
  ['approved_by', (r) => r.approver],
  ['approval_channel', (r) => r.channel],
  ['approval_latency_ms', (r) => r.latencyMs],
  ['exit_code', (r) => r.exitCode],
  ['duration_ms', (r) => r.durationMs],
  ['api_requests', (r) => r.apiRequests],
  ['recording', (r) => r.recording],
];

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderCsv(report: Report): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const row of report.commands) lines.push(COLUMNS.map(([, get]) => cell(get(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
