/**
 * Filters for `iddio audit log` (SPEC §2), as a pure predicate built from the flags.
 */
import {
  AUDIT_DECISIONS,
  AUDIT_OUTCOMES,
  type AuditDecision,
  type AuditEvent,
  type AuditOutcome,
} from './event.js';

export interface LogFilter {
  agent?: string;
  tier?: number;
  minTier?: number;
  /** An escalation's `decided` event also matches `allow` or `deny` by its outcome. */
  decision?: AuditDecision;
  outcome?: AuditOutcome;
  namespace?: string;
  /** Only events at or after this instant (ms since the epoch). */
  sinceMs?: number;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;

/** `30m`, `2h`, `1h30m`, `7d` → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return total;
}

/** `--since`: a duration back from now, or an RFC 3339 time or date. Returns a reason on error. */
export function parseSince(text: string, now: Date): number | string {
  const duration = parseDuration(text);
  if (duration !== undefined) return now.getTime() - duration;
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(time)) return time;
  }
  return `invalid --since "${text}": use a duration (30m, 2h, 7d) or a time (2026-11-26T08:00:00Z)`;
}

export function parseTier(text: string, flag: string): number | string {
  const match = /^[Tt]?([0-4])$/.exec(text);
  return match ? Number(match[1]) : `invalid ${flag} "${text}": use 0-4`;
}

export function parseDecision(text: string): AuditDecision | string {
  return (AUDIT_DECISIONS as readonly string[]).includes(text)
    ? (text as AuditDecision)
    : `invalid --decision "${text}": use ${AUDIT_DECISIONS.join(', ')}`;
}

export function parseOutcome(text: string): AuditOutcome | string {
  return (AUDIT_OUTCOMES as readonly string[]).includes(text)
    ? (text as AuditOutcome)
    : `invalid --outcome "${text}": use ${AUDIT_OUTCOMES.join(', ')}`;
}

/**
 * How an escalation's `decided` event ended. Logs written before `outcome` existed say only
 * whether someone approved (`approved_by` is written for approvals alone).
 */
export function escalationOutcome(event: AuditEvent): AuditOutcome | 'not_approved' | undefined {
  if (event.stage !== 'decided' || event.decision !== 'escalate') return undefined;
  if (event.outcome !== undefined) return event.outcome;
  return event.approved_by !== undefined ? 'approved' : 'not_approved';
}

/**
 * `--decision`: the recorded decision, or what an escalation came to — `deny` finds declined,
 * timed-out, interrupted, rejected and failed escalations; `allow` finds approved ones;
 * `escalate` still finds every escalation.
 */
function matchesDecision(event: AuditEvent, decision: AuditDecision): boolean {
  if (event.decision === decision) return true;
  const ended = escalationOutcome(event);
  if (ended === undefined) return false;
  return decision === 'allow' ? ended === 'approved' : decision === 'deny' && ended !== 'approved';
}

export function matchesFilter(event: AuditEvent, filter: LogFilter): boolean {
  if (filter.agent !== undefined && event.agent !== filter.agent) return false;
  if (filter.tier !== undefined && event.tier !== filter.tier) return false;
  if (filter.minTier !== undefined && (event.tier === undefined || event.tier < filter.minTier))
    return false;
  if (filter.decision !== undefined && !matchesDecision(event, filter.decision)) return false;
  if (filter.outcome !== undefined && escalationOutcome(event) !== filter.outcome) return false;
  if (filter.namespace !== undefined && event.namespace !== filter.namespace) return false;
  if (filter.sinceMs !== undefined && !(Date.parse(event.ts) >= filter.sinceMs)) return false;
  return true;
}
