/**
 * The evidence a report holds (`iddio audit report`), format-independent. Every figure is
 * computed from the audit log's own events in the period; what the log cannot show (the policy
 * file's text, who holds a token) is not claimed.
 */
import type { CommandOutcome } from '../outcome.js';

export interface ReportScope {
  log: string;
  files: string[];
  from?: string;
  to?: string;
  generated: string;
  /** Events in the period, and the seq/hash that bound them (to re-verify the same events). */
  events: number;
  firstSeq?: number;
  firstHash?: string;
  firstTs?: string;
  lastSeq?: number;
  lastHash?: string;
  lastTs?: string;
  /** Lines skipped because they are not events (verification says more). */
  skippedLines: number;
}

export interface ReportVerification {
  ok: boolean;
  events: number;
  lastSeq?: number;
  lastHash?: string;
  failure?: { kind: string; file: string; line: number; message: string };
  checkpoint?: { file: string; seq: number; hash: string; signed: boolean };
}

export interface AgentEvidence {
  agent: string;
  identities: Record<string, number>;
  commands: number;
  byTier: number[];
  decisions: Record<'allow' | 'escalate' | 'deny', number>;
  namespaces: string[];
  /** The policy lines that decided this agent's commands, as the log names them. */
  policyRules: Record<string, number>;
  /** Denials because a namespace was outside the agent's scope. */
  namespaceDenials: number;
  first: string;
  last: string;
}

export interface CredentialEvent {
  ts: string;
  seq: number;
  action: string;
  agent: string;
  by: string;
  reason?: string;
}

export interface EscalationEvidence {
  ts: string;
  seq: number;
  request_id: string;
  agent: string;
  command: string;
  tier?: number;
  outcome: CommandOutcome;
  /** True when the log has no `outcome` field and it was derived from approved_by. */
  outcomeDerived: boolean;
  approver?: string;
  channel?: string;
  latencyMs?: number;
  /** Inbox approvals: signed by a listed key or not; undefined when the log does not say. */
  signed?: boolean;
}

export interface DenialEvidence {
  ts: string;
  seq: number;
  request_id: string;
  agent: string;
  command: string;
  tier?: number;
  rule?: string;
  policyRule?: string;
  outcome: CommandOutcome;
  reason?: string;
}

export interface CommandRow {
  ts: string;
  seq: number;
  request_id: string;
  session?: string;
  agent: string;
  identity?: string;
  command: string;
  verb?: string;
  resource?: string;
  namespace?: string;
  tier?: number;
  decision?: string;
  outcome: CommandOutcome;
  approver?: string;
  channel?: string;
  latencyMs?: number;
  exitCode?: number;
  durationMs?: number;
  apiRequests?: number;
  recording?: string;
}

export interface Anomaly {
  kind: string;
  message: string;
  request_id?: string;
  ts?: string;
}

export interface ActivityBucket {
  start: string;
  /** Commands per agent, per tier T0–T4. */
  byAgent: Record<string, number[]>;
}

export interface Report {
  scope: ReportScope;
  verification: ReportVerification;
  agents: AgentEvidence[];
  credentials: CredentialEvent[];
  escalations: EscalationEvidence[];
  denials: DenialEvidence[];
  activity: { unit: 'hour' | 'day'; buckets: ActivityBucket[] };
  latency: {
    count: number;
    p50?: number;
    p90?: number;
    max?: number;
    histogram: Array<{ upToMs: number; count: number }>;
  };
  anomalies: Anomaly[];
  /** Whether the cluster's audit log was joined (`--k8s-audit`). */
  correlated: boolean;
  commands: CommandRow[];
}
