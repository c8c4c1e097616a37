import type { AuditOutcome } from '../audit/event.js';

/**
 * The approval stage's interface. An escalated request goes to an ApprovalChannel, which
 * answers approved or not; every outcome carries who answered, through which channel, and
 * how long it took, for the `decided` audit event (SPEC §6, §8).
 */

/** How many objects a delete or scale will touch, counted by a T0 read before asking. */
export interface BlastRadius {
  /** Objects the command acts on that exist now; null when they could not be counted. */
  objects: number | null;
  /** One line for the human, e.g. `deployment.apps/api: 3 → 5 replicas`. */
  summary: string;
}

export interface ApprovalRequest {
  requestId: string;
  agent: string;
  identity: string;
  argv: string[];
  context?: string;
  server?: string;
  namespace?: string;
  tier: number;
  tierLabel: string;
  rule: string;
  timeoutMs: number;
  /** The policy's `approval.channel`; `auto` (the default) picks the terminal when there is one. */
  channel?: 'auto' | 'tty' | 'inbox';
  /** The policy's `approval.require_signature`: inbox decisions must be signed by an approver key. */
  requireSignature?: boolean;
  /** Absent when it cannot be counted (not a delete or scale, or the read failed). */
  blastRadius?: BlastRadius;
  /** Why the policy escalated, shown to the human. */
  reason?: string;
}

export interface ApprovalOutcome {
  approved: boolean;
  /** How it ended, recorded as the `decided` event's `outcome`; `approved` iff approved. */
  outcome: AuditOutcome;
  /** Who answered, or why nobody did ("timeout", "no-approver", "interrupted"). */
  approvedBy: string;
  channel: 'tty' | 'inbox' | 'none';
  latencyMs: number;
  reason: string;
  /**
   * HTTP requests made before asking (the blast-radius read), Audit-IDs `-1`…`-k` of the
   * command: the executor's numbering should continue after them, and the `completed` event
   * should list them first. Set by the pipeline, not by channels.
   */
  preflightRequests?: Array<{ method: string; path: string; status: number; audit_id: string }>;
}

export interface ApprovalChannel {
  /** Asks a human; never throws for "no answer" — that is an outcome with approved: false. */
  ask(request: ApprovalRequest): Promise<ApprovalOutcome>;
}
