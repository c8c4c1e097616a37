/**
 * The report as a document: sections per SOC 2 criterion, each with its prose, key figures
 * and tables. HTML and Markdown render the same document, so they can never say different
 * things. Charts are named here and drawn by the HTML renderer only.
 */
import type { Report } from './model.js';

export interface Table {
  caption: string;
  headers: string[];
  rows: string[][];
  /** Rows left out of a long table (the CSV and JSON formats hold them all). */
  omitted?: number;
}

export type Chart = 'activity' | 'agents' | 'latency' | 'denials';

export interface Section {
  id: string;
  title: string;
  paragraphs: string[];
  figures: Array<{ id: string; label: string; value: string }>;
  tables: Table[];
  charts: Chart[];
}

const MAX_ROWS = 500;

function table(caption: string, headers: string[], rows: string[][]): Table {
  return rows.length > MAX_ROWS
    ? { caption, headers, rows: rows.slice(0, MAX_ROWS), omitted: rows.length - MAX_ROWS }
    : { caption, headers, rows };
}

const ms = (n: number | undefined) =>
  n === undefined ? '-' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
const tierOf = (t: number | undefined) => (t === undefined ? '-' : `T${t}`);

export function buildSections(report: Report): Section[] {
  const { scope, verification: v } = report;
  const approved = report.escalations.filter((e) => e.outcome === 'approved');
  const unsigned = approved.filter((e) => e.signed !== true);
  const derived = report.escalations.filter((e) => e.outcomeDerived).length;
  const commands = report.agents.reduce((n, a) => n + a.commands, 0);

  const scopeSection: Section = {
    id: 'scope',
    title: 'Scope and integrity of the evidence',
    paragraphs: [
      `This report is drawn only from iddio's hash-chained audit log. It covers ${scope.from || scope.to ? `${scope.from ?? 'the start of the log'} to ${scope.to ?? 'the end of the log'}` : 'the whole log'}; it was generated at ${scope.generated}.`,
      `To re-verify it, run \`iddio audit verify --file ${scope.log}\` (or any independent verifier of the documented format) and check that the events from seq ${scope.firstSeq ?? '-'} to seq ${scope.lastSeq ?? '-'} carry the hashes below.`,
    ],
    figures: [
      {
        id: 'verification',
        label: 'Chain verification',
        value: v.ok ? 'intact' : `FAILED (${v.failure?.kind ?? 'unknown'})`,
      },
      { id: 'events', label: 'Events in the period', value: String(scope.events) },
      { id: 'commands', label: 'Commands', value: String(commands) },
      { id: 'agents', label: 'Agents', value: String(report.agents.length) },
    ],
    tables: [
      table(
        'What was examined',
        ['item', 'value'],
        [
          ['log files', scope.files.join(', ')],
          [
            'first event in period',
            `seq ${scope.firstSeq ?? '-'} at ${scope.firstTs ?? '-'}, hash ${scope.firstHash ?? '-'}`,
          ],
          [
            'last event in period',
            `seq ${scope.lastSeq ?? '-'} at ${scope.lastTs ?? '-'}, hash ${scope.lastHash ?? '-'}`,
          ],
          [
            'whole-log verification',
            v.ok
              ? `intact: ${v.events} events, last seq ${v.lastSeq ?? '-'}, hash ${v.lastHash ?? '-'}`
              : `${v.failure?.kind}: ${v.failure?.file}:${v.failure?.line}: ${v.failure?.message}`,
          ],
          [
            'checkpoint',
            v.checkpoint
              ? `${v.checkpoint.file}: seq ${v.checkpoint.seq}, hash ${v.checkpoint.hash}, ${v.checkpoint.signed ? 'signed' : 'unsigned'}`
              : 'none given (truncation of the log cannot be ruled out without one)',
          ],
          ['lines that are not events', String(scope.skippedLines)],
        ],
      ),
    ],
    charts: [],
  };

  const cc61: Section = {
    id: 'cc6-1',
    title: 'CC6.1 Logical access: agents, identities, per-agent policy, namespace scope',
    paragraphs: [
      "Every command is attributed to an agent and to how that agent was identified (token: a registered credential; declared or detected: the agent named itself; none: unidentified). The policy rules listed are the ones the log records as deciding each agent's commands.",
    ],
    figures: [],
    tables: [
      table(
        'Agents',
        [
          'agent',
          'identified by',
          'commands',
          'T0/T1/T2/T3/T4',
          'allowed/escalated/denied',
          'namespaces',
          'deciding policy rules',
          'denied for namespace',
          'first',
          'last',
        ],
        report.agents.map((a) => [
          a.agent,
          Object.entries(a.identities)
            .map(([k, n]) => `${k} ${n}`)
            .join(', '),
          String(a.commands),
          a.byTier.join('/'),
          `${a.decisions.allow}/${a.decisions.escalate}/${a.decisions.deny}`,
          a.namespaces.join(', ') || '-',
          Object.entries(a.policyRules)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || '-',
          String(a.namespaceDenials),
          a.first,
          a.last,
        ]),
      ),
    ],
    charts: ['agents'],
  };

  const cc62: Section = {
    id: 'cc6-2',
    title: 'CC6.2 Credential lifecycle: agent tokens added and revoked',
    paragraphs: [
      report.credentials.length === 0
        ? 'No agent token was added or revoked in the period.'
        : 'Each change to the agent registry, with who made it (operating-system user and host, as recorded).',
    ],
    figures: [
      {
        id: 'tokens-added',
        label: 'Tokens added',
        value: String(report.credentials.filter((c) => c.action === 'add').length),
      },
      {
        id: 'tokens-revoked',
        label: 'Tokens revoked',
        value: String(report.credentials.filter((c) => c.action === 'revoke').length),
      },
    ],
    tables: [
      table(
        'Credential changes',
        ['time', 'seq', 'action', 'agent', 'by', 'reason'],
        report.credentials.map((c) => [
          c.ts,
          String(c.seq),
          c.action,
          c.agent,
          c.by,
          c.reason ?? '',
        ]),
      ),
    ],
    charts: [],
  };

  const cc63: Section = {
    id: 'cc6-3',
    title: 'CC6.3 Authorisation: escalations, approvers, latency, denials',
    paragraphs: [
      'Every command the policy escalated to a human, with its outcome, approver, channel and the time the human took; then every command that did not run because the policy denied it or no human approved it.',
      ...(unsigned.length > 0
        ? [
            `${unsigned.length} approval(s) carry no approver signature (terminal approvals, or unsigned inbox decisions); they are marked "unsigned" below.`,
          ]
        : []),
      ...(derived > 0
        ? [
            `${derived} escalation(s) were recorded before the log carried a structured outcome; for those, "approved" is read from the recorded approver and anything else is reported as "not_approved".`,
          ]
        : []),
    ],
    figures: [
      { id: 'escalations', label: 'Escalations', value: String(report.escalations.length) },
      { id: 'approved', label: 'Approved', value: String(approved.length) },
      { id: 'unsigned-approvals', label: 'Unsigned approvals', value: String(unsigned.length) },
      { id: 'denials', label: 'Denied or not approved', value: String(report.denials.length) },
      { id: 'latency-p50', label: 'Approval latency, median', value: ms(report.latency.p50) },
      {
        id: 'latency-p90',
        label: 'Approval latency, 90th percentile',
        value: ms(report.latency.p90),
      },
    ],
    tables: [
      table(
        'Escalations',
        [
          'time',
          'request',
          'agent',
          'tier',
          'command',
          'outcome',
          'approver',
          'channel',
          'latency',
          'signature',
        ],
        report.escalations.map((e) => [
          e.ts,
          e.request_id,
          e.agent,
          tierOf(e.tier),
          e.command,
          e.outcome,
          e.approver ?? '-',
          e.channel ?? '-',
          ms(e.latencyMs),
          e.outcome !== 'approved' ? '-' : e.signed === true ? 'signed' : 'unsigned',
        ]),
      ),
      table(
        'Denials',
        ['time', 'request', 'agent', 'tier', 'command', 'outcome', 'rule', 'policy', 'reason'],
        report.denials.map((d) => [
          d.ts,
          d.request_id,
          d.agent,
          tierOf(d.tier),
          d.command,
          d.outcome,
          d.rule ?? '-',
          d.policyRule ?? '-',
          d.reason ?? '',
        ]),
      ),
    ],
    charts: ['latency', 'denials'],
  };

  const cc72: Section = {
    id: 'cc7-2',
    title: 'CC7.2 Monitoring: chain integrity, activity by tier, anomalies',
    paragraphs: [
      v.ok
        ? `The hash chain verified intact over ${v.events} events.`
        : `The hash chain did NOT verify: ${v.failure?.kind} at ${v.failure?.file}:${v.failure?.line}: ${v.failure?.message}. Figures after that point are not proven.`,
      report.correlated
        ? "The cluster's own audit log was joined by auditID; bypasses and unexplained events are listed as anomalies."
        : "The cluster's own audit log was not given (--k8s-audit), so requests made around iddio cannot be ruled out by this report.",
    ],
    figures: [{ id: 'anomalies', label: 'Anomalies', value: String(report.anomalies.length) }],
    tables: [
      table(
        'Anomalies',
        ['kind', 'time', 'request', 'finding'],
        report.anomalies.map((a) => [a.kind, a.ts ?? '-', a.request_id ?? '-', a.message]),
      ),
    ],
    charts: ['activity'],
  };

  return [scopeSection, cc61, cc62, cc63, cc72];
}
