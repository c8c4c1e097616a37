/**
 * The text report of `audit correlate`. Every value that came from either log is stripped of
 * terminal control characters (the native log holds whatever a client sent as User-Agent).
 */
import { stripControlLine } from '../../common/sanitize.js';
import type { CorrelationReport, Finding, FindingKind } from './correlate.js';
import type { NativeEvent } from './native.js';

const HEADINGS: Record<FindingKind, string> = {
  bypass: "POSSIBLE BYPASS: requests made with iddio's credentials that carry no iddio Audit-ID",
  'unknown-audit-id': "UNKNOWN AUDIT-ID: iddio-shaped auditIDs of commands not in iddio's log",
  unlisted: 'UNLISTED: requests of recorded commands that iddio did not list',
  impersonation: 'IMPERSONATION MISMATCH: the cluster saw another agent than iddio recorded',
  missing: 'MISSING: iddio requests with no cluster audit event',
  unreadable: 'UNREADABLE: lines of the cluster audit log that are not Events',
};

const clean = (text: string | undefined): string => stripControlLine(text ?? '');

export function describeNative(event: NativeEvent): string {
  const ref = event.objectRef;
  const object = ref
    ? [
        ref.resource && (ref.apiGroup ? `${ref.resource}.${ref.apiGroup}` : ref.resource),
        ref.subresource,
        ref.namespace,
        ref.name,
      ]
        .filter(Boolean)
        .join(' ')
    : event.requestURI;
  const when = Number.isFinite(event.receivedMs) ? new Date(event.receivedMs).toISOString() : '?';
  const as = event.impersonatedUser ? ` as ${event.impersonatedUser.username}` : '';
  return clean(
    `${when}  ${event.user.username}${as}  ${event.verb} ${object}  ${event.code ?? '?'}  auditID ${event.auditID}${event.userAgent ? `  (${event.userAgent})` : ''}`,
  );
}

function finding(f: Finding): string {
  const lines = [`  ${clean(f.message)}`];
  if (f.native)
    lines.push(
      `    cluster: ${describeNative(f.native)}  [${clean(f.native.file)}:${f.native.line}]`,
    );
  if (f.request) {
    lines.push(
      `    iddio:   ${clean(f.request_id)} ${clean(f.agent ?? '')}  ${clean(f.request.method)} ${clean(f.request.path)} ${f.request.status}  Audit-ID ${clean(f.request.audit_id)}`,
    );
  }
  return lines.join('\n');
}

export function formatCorrelation(report: CorrelationReport): string {
  const requests = report.commands.reduce((n, c) => n + c.requests.length, 0);
  const out: string[] = [
    `iddio log:    ${clean(report.iddioLog)} (${report.commands.length} commands with API requests, ${requests} requests, ${report.matched} joined)`,
    `cluster log:  ${report.k8sAudit.map(clean).join(', ')} (${report.nativeEvents} events${report.nativeFirst ? `, ${report.nativeFirst} to ${report.nativeLast}` : ''})`,
    `credentials:  ${report.credentials.map(clean).join(', ') || '(none seen: no iddio request joined; give --user NAME to look for bypasses)'}`,
  ];
  if (report.notAnswered > 0)
    out.push(`not answered: ${report.notAnswered} iddio requests got no response (status 0)`);
  if (report.outsideRange > 0)
    out.push(
      `out of range: ${report.outsideRange} iddio requests outside the cluster log's time range`,
    );
  for (const kind of Object.keys(HEADINGS) as FindingKind[]) {
    const list = report.findings.filter((f) => f.kind === kind);
    if (list.length === 0) continue;
    const count = kind === 'unreadable' ? report.badNativeLines : list.length;
    out.push('', `${HEADINGS[kind]} (${count})`, ...list.map(finding));
  }
  out.push('', 'COMMANDS');
  for (const cmd of report.commands) {
    const tier = cmd.tier === undefined ? '' : `T${cmd.tier} `;
    out.push(
      `  ${clean(cmd.request_id)}  ${clean(cmd.agent ?? 'unknown')}  ${tier}${clean(cmd.decision ?? '')}  kubectl ${clean((cmd.argv ?? []).join(' '))}`,
    );
    for (const r of cmd.requests) {
      const native = r.native ? describeNative(r.native) : 'no cluster audit event';
      out.push(`    ${clean(r.method)} ${clean(r.path)} ${r.status} → ${native}`);
    }
  }
  out.push(
    '',
    report.unexplained === 0
      ? 'Result: nothing unexplained.'
      : `Result: ${report.unexplained} unexplained finding${report.unexplained === 1 ? '' : 's'}.`,
  );
  return `${out.join('\n')}\n`;
}
