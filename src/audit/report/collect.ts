/**
 * Builds a Report from the audit log in one streamed pass (plus `audit verify` over the whole
 * log, and `audit correlate` when the cluster's log is given). Pure accumulation: `add` takes
 * events in order, `finish` derives the figures.
 */
import type { AuditEvent } from '../event.js';
import { commandOutcome } from '../outcome.js';
import type { CorrelationReport } from '../correlate/correlate.js';
import { activity, latencyFigures } from './figures.js';
import type {
  AgentEvidence,
  CommandRow,
  Report,
  ReportScope,
  ReportVerification,
} from './model.js';

const POLICY_RULE = /\(policy ([A-Za-z0-9_.:*-]+)\)/;

function commandText(event: AuditEvent): string {
  return ['kubectl', ...(event.argv ?? [])].join(' ');
}

/** Signed or not, as the inbox channel words its decision; undefined when the log does not say. */
function signedFrom(reason: string | undefined): boolean | undefined {
  if (reason === undefined) return undefined;
  if (/\bunsigned inbox decision\b/.test(reason)) return false;
  if (/\bsigned inbox decision\b/.test(reason)) return true;
  return undefined;
}

export class ReportBuilder {
  private readonly agents = new Map<string, AgentEvidence>();
  private readonly commands = new Map<string, CommandRow>();
  private readonly report: Omit<
    Report,
    'scope' | 'verification' | 'agents' | 'activity' | 'latency' | 'commands' | 'correlated'
  > = {
    credentials: [],
    escalations: [],
    denials: [],
    anomalies: [],
  };
  private first?: AuditEvent;
  private last?: AuditEvent;
  private events = 0;

  constructor(private readonly period: { fromMs?: number; toMs?: number } = {}) {}

  add(event: AuditEvent): void {
    const at = Date.parse(event.ts);
    if (this.period.fromMs !== undefined && !(at >= this.period.fromMs)) return;
    if (this.period.toMs !== undefined && !(at <= this.period.toMs)) return;
    this.events++;
    this.first ??= event;
    this.last = event;
    if (event.stage === 'admin') {
      this.report.credentials.push({
        ts: event.ts,
        seq: event.seq,
        action: event.verb ?? '',
        agent: event.names?.[0] ?? '',
        by:
          [
            event.os_user && `${event.os_user}${event.host ? `@${event.host}` : ''}`,
            event.agent && event.agent !== 'unknown'
              ? `agent ${event.agent} (${event.identity ?? 'none'})`
              : undefined,
          ]
            .filter(Boolean)
            .join(', ') || 'unknown',
        ...(event.reason !== undefined ? { reason: event.reason } : {}),
      });
      return;
    }
    if (event.stage === 'decided') this.decided(event);
    if (event.stage === 'completed') this.completed(event);
  }

  private agent(name: string, ts: string): AgentEvidence {
    let a = this.agents.get(name);
    if (!a) {
      a = {
        agent: name,
        identities: {},
        commands: 0,
        byTier: [0, 0, 0, 0, 0],
        decisions: { allow: 0, escalate: 0, deny: 0 },
        namespaces: [],
        policyRules: {},
        namespaceDenials: 0,
        first: ts,
        last: ts,
      };
      this.agents.set(name, a);
    }
    a.last = ts;
    return a;
  }

  private decided(event: AuditEvent): void {
    const name = event.agent ?? 'unknown';
    const a = this.agent(name, event.ts);
    a.commands++;
    const identity = event.identity ?? 'none';
    a.identities[identity] = (a.identities[identity] ?? 0) + 1;
    if (event.tier !== undefined) a.byTier[event.tier] = (a.byTier[event.tier] ?? 0) + 1;
    if (event.decision !== undefined) a.decisions[event.decision]++;
    if (event.namespace !== undefined && !a.namespaces.includes(event.namespace))
      a.namespaces.push(event.namespace);
    const policyRule = POLICY_RULE.exec(event.reason ?? '')?.[1];
    if (policyRule) a.policyRules[policyRule] = (a.policyRules[policyRule] ?? 0) + 1;
    if (policyRule?.endsWith('.namespaces') && event.decision === 'deny') a.namespaceDenials++;
    const raw = event as AuditEvent & { outcome?: unknown };
    const outcome = commandOutcome(raw);
    const row: CommandRow = {
      ts: event.ts,
      seq: event.seq,
      request_id: event.request_id,
      agent: name,
      command: commandText(event),
      outcome,
      ...pick(event, ['session', 'identity', 'verb', 'resource', 'namespace', 'tier', 'decision']),
      ...(event.approved_by !== undefined ? { approver: event.approved_by } : {}),
      ...(event.approval_channel !== undefined ? { channel: event.approval_channel } : {}),
      ...(event.approval_latency_ms !== undefined ? { latencyMs: event.approval_latency_ms } : {}),
    };
    this.commands.set(event.request_id, row);
    if (event.decision === 'escalate') {
      const signed =
        outcome === 'approved' && event.approval_channel === 'inbox'
          ? signedFrom(event.reason)
          : undefined;
      this.report.escalations.push({
        ts: event.ts,
        seq: event.seq,
        request_id: event.request_id,
        agent: name,
        command: row.command,
        outcome,
        outcomeDerived: typeof raw.outcome !== 'string',
        ...pick(event, ['tier']),
        ...(event.approved_by !== undefined ? { approver: event.approved_by } : {}),
        ...(event.approval_channel !== undefined ? { channel: event.approval_channel } : {}),
        ...(event.approval_latency_ms !== undefined
          ? { latencyMs: event.approval_latency_ms }
          : {}),
        ...(signed !== undefined ? { signed } : {}),
      });
    }
    if (outcome !== 'allowed' && outcome !== 'approved') {
      this.report.denials.push({
        ts: event.ts,
        seq: event.seq,
        request_id: event.request_id,
        agent: name,
        command: row.command,
        outcome,
        ...pick(event, ['tier', 'rule', 'reason']),
        ...(policyRule ? { policyRule } : {}),
      });
    }
  }

  private completed(event: AuditEvent): void {
    const row = this.commands.get(event.request_id);
    if (!row) {
      this.report.anomalies.push({
        kind: 'completed-without-decision',
        message: `a completed event with no decided event in the period`,
        request_id: event.request_id,
        ts: event.ts,
      });
      return;
    }
    if (event.exit_code !== undefined) row.exitCode = event.exit_code;
    if (event.duration_ms !== undefined) row.durationMs = event.duration_ms;
    row.apiRequests = event.api_requests?.length ?? 0;
    if (event.recording !== undefined) row.recording = event.recording;
    if (row.outcome !== 'allowed' && row.outcome !== 'approved') {
      this.report.anomalies.push({
        kind: 'ran-after-refusal',
        message: `a command that was not allowed has a completed event: ${row.command}`,
        request_id: event.request_id,
        ts: event.ts,
      });
    }
  }

  finish(options: {
    log: string;
    files: string[];
    from?: string;
    to?: string;
    generated: Date;
    verification: ReportVerification;
    skippedLines: number;
    correlation?: CorrelationReport;
  }): Report {
    const scope: ReportScope = {
      log: options.log,
      files: options.files,
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
      generated: options.generated.toISOString(),
      events: this.events,
      skippedLines: options.skippedLines,
      ...(this.first
        ? { firstSeq: this.first.seq, firstHash: this.first.hash, firstTs: this.first.ts }
        : {}),
      ...(this.last
        ? { lastSeq: this.last.seq, lastHash: this.last.hash, lastTs: this.last.ts }
        : {}),
    };
    const commands = [...this.commands.values()];
    for (const row of commands) {
      if (
        (row.outcome === 'allowed' || row.outcome === 'approved') &&
        row.exitCode === undefined &&
        row !== commands.at(-1)
      ) {
        this.report.anomalies.push({
          kind: 'no-completion',
          message: `an allowed command has no completed event (crashed or killed): ${row.command}`,
          request_id: row.request_id,
          ts: row.ts,
        });
      }
    }
    const unidentified = [...this.agents.values()].reduce(
      (n, a) => n + (a.identities.none ?? 0),
      0,
    );
    if (unidentified > 0) {
      this.report.anomalies.unshift({
        kind: 'unidentified',
        message: `${unidentified} command(s) by callers iddio could not identify (identity none)`,
      });
    }
    if (options.correlation) {
      for (const f of options.correlation.findings) {
        this.report.anomalies.push({
          kind: f.kind,
          message: f.native
            ? `${f.message}: ${f.native.verb} ${f.native.requestURI} (auditID ${f.native.auditID})`
            : f.message,
          ...(f.request_id !== undefined ? { request_id: f.request_id } : {}),
        });
      }
    }
    const latencies = this.report.escalations
      .map((e) => e.latencyMs)
      .filter((n): n is number => n !== undefined);
    return {
      scope,
      verification: options.verification,
      agents: [...this.agents.values()].sort(
        (a, b) => b.commands - a.commands || a.agent.localeCompare(b.agent),
      ),
      ...this.report,
      activity: activity(commands),
      latency: latencyFigures(latencies),
      correlated: options.correlation !== undefined,
      commands,
    };
  }
}

function pick<T extends object, K extends keyof T>(from: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}
