/** `iddio inbox` as text: one block per pending request, every value stripped of controls. */
import { stripControlLine } from '../common/sanitize.js';
import { commandLine, timeLeftText } from './prompt-view.js';
import type { ListedRequest } from './inbox.js';

export function renderInboxEntry(entry: ListedRequest, nowMs: number): string {
  const r = entry.file.request;
  const s = (value: string | undefined): string =>
    value === undefined ? '(none)' : stripControlLine(value);
  const left = entry.expired
    ? 'expired'
    : `expires in ${timeLeftText(Date.parse(r.expires) - nowMs)}`;
  const lines = [
    `${r.request_id}  T${r.tier} ${s(r.tier_label)}  ${left}${r.require_signature ? '  (signature required)' : ''}`,
    `  agent      ${s(r.agent)} (identity: ${s(r.identity)})`,
    `  command    ${commandLine(r.argv).text}`,
    `  context    ${s(r.context)}  server ${s(r.server)}  namespace ${s(r.namespace)}`,
    `  rule       ${s(r.rule)}`,
  ];
  if (r.reason !== undefined) lines.push(`  why asked  ${s(r.reason)}`);
  if (r.blast_radius !== undefined) lines.push(`  blast      ${s(r.blast_radius.summary)}`);
  lines.push(`  sha256     ${entry.file.sha256}`);
  return `${lines.join('\n')}\n`;
}

/** The --json form of one entry. */
export function inboxJson(entry: ListedRequest): Record<string, unknown> {
  return {
    request_id: entry.file.request.request_id,
    sha256: entry.file.sha256,
    expires: entry.file.expires,
    expired: entry.expired,
    request: entry.file.request,
  };
}
