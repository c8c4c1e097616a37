/**
 * How a command ended at its decision, from its `decided` event. Escalations carry a structured
 * `outcome` (approved, declined, timed_out, interrupted, rejected, error); logs written before
 * that field existed do not, and then the outcome is derived conservatively: `approved` only
 * when the event names an approver, otherwise `not_approved` — never a guess at why.
 */
import type { AuditEvent } from './event.js';

export const ESCALATION_OUTCOMES = [
  'approved',
  'declined',
  'timed_out',
  'interrupted',
  'rejected',
  'error',
] as const;

export type CommandOutcome =
  | 'allowed'
  | 'denied'
  | (typeof ESCALATION_OUTCOMES)[number]
  /** An escalation without an `outcome` field and without an approver. */
  | 'not_approved';

export function commandOutcome(
  event: Pick<AuditEvent, 'decision' | 'approved_by'> & { outcome?: unknown },
): CommandOutcome {
  if (event.decision === 'deny') return 'denied';
  if (event.decision !== 'escalate') return 'allowed';
  if (
    typeof event.outcome === 'string' &&
    (ESCALATION_OUTCOMES as readonly string[]).includes(event.outcome)
  ) {
    return event.outcome as CommandOutcome;
  }
  return event.approved_by !== undefined ? 'approved' : 'not_approved';
}

/** The command did not run: refused by policy, or an escalation that was not approved. */
export function wasRefused(outcome: CommandOutcome): boolean {
  return outcome !== 'allowed' && outcome !== 'approved';
}
