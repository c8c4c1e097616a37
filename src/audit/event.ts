/**
 * The schema-v1 audit event (SPEC §8). One event is one line of the log. Absent values are
 * omitted, never null: JCS hashes exactly the members present, so `null` and "missing" would
 * be two different events.
 */

export const AUDIT_SCHEMA_VERSION = 1;

/** `admin` records credential lifecycle changes (`iddio agent add|revoke`) and similar. */
export type AuditStage = 'escalated' | 'decided' | 'completed' | 'admin';
export const AUDIT_STAGES: readonly AuditStage[] = ['escalated', 'decided', 'completed', 'admin'];

export type AuditDecision = 'allow' | 'deny' | 'escalate';
export const AUDIT_DECISIONS: readonly AuditDecision[] = ['allow', 'deny', 'escalate'];

/**
 * How an escalation ended, on its `decided` event: so that queries never have to read `reason`.
 * `rejected` is a decision that failed its checks (unsigned, forged, replayed, expired, for
 * another request); `error` a channel that could not ask anyone.
 */
export type AuditOutcome =
  'approved' | 'declined' | 'timed_out' | 'interrupted' | 'rejected' | 'error';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = [
  'approved',
  'declined',
  'timed_out',
  'interrupted',
  'rejected',
  'error',
];

/** How the calling agent was identified (SPEC §3). */
export type AuditIdentity = 'token' | 'declared' | 'detected' | 'none';

/** One HTTP request a command made, as recorded in its `completed` event. */
export interface AuditApiRequest {
  method: string;
  path: string;
  status: number;
  audit_id: string;
  /** An upgraded connection (exec, attach, port-forward): bytes from the client to the cluster. */
  bytes_to_cluster?: number;
  /** An upgraded connection: bytes from the cluster to the client. */
  bytes_to_client?: number;
}

export interface AuditEvent {
  /** Schema version: always 1. */
  v: 1;
  /** 0-based, contiguous across rotated files. */
  seq: number;
  /** RFC 3339 UTC with milliseconds, e.g. 2026-11-26T05:35:44.123Z. */
  ts: string;
  stage: AuditStage;
  /** `idd_` + ULID, one per command (SPEC §7). */
  request_id: string;
  agent?: string;
  identity?: AuditIdentity;
  session?: string;
  os_user?: string;
  host?: string;
  context?: string;
  cluster?: string;
  /** The kubectl argv with credentials redacted. */
  argv?: string[];
  verb?: string;
  resource?: string;
  group?: string;
  subresource?: string;
  namespace?: string;
  names?: string[];
  /** 0–4. */
  tier?: number;
  tier_label?: string;
  rule?: string;
  decision?: AuditDecision;
  reason?: string;
  // Escalations (in `decided`):
  approved_by?: string;
  approval_channel?: string;
  approval_latency_ms?: number;
  outcome?: AuditOutcome;
  // Completion (in `completed`):
  exit_code?: number;
  duration_ms?: number;
  api_requests?: AuditApiRequest[];
  output_sha256?: string;
  /** Session recording reference (a path or id under $IDDIO_HOME/sessions). */
  recording?: string;
  /** Lowercase hex SHA-256; 64 "0"s for the first event ever. */
  prev_hash: string;
  /** Lowercase hex SHA-256 of JCS(this event without "hash"). */
  hash: string;
}

/** What a caller supplies; the writer assigns v, seq, ts, prev_hash and hash. */
export type AuditEventInput = Omit<AuditEvent, 'v' | 'seq' | 'ts' | 'prev_hash' | 'hash'>;

/** The event as hashed: everything but its own hash. */
export type UnhashedAuditEvent = Omit<AuditEvent, 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);
