/**
 * Filters for `iddio audit log` (SPEC §2), as a pure predicate built from the flags.
 */
import { AUDIT_DECISIONS, type AuditDecision, type AuditEvent } from './event.js';

export interface LogFilter {
  agent?: string;
  tier?: number;
  minTier?: number;
  decision?: AuditDecision;
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

export function matchesFilter(event: AuditEvent, filter: LogFilter): boolean {
  if (filter.agent !== undefined && event.agent !== filter.agent) return false;
  if (filter.tier !== undefined && event.tier !== filter.tier) return false;
  if (filter.minTier !== undefined && (event.tier === undefined || event.tier < filter.minTier))
    return false;
  if (filter.decision !== undefined && event.decision !== filter.decision) return false;
  if (filter.namespace !== undefined && event.namespace !== filter.namespace) return false;
  if (filter.sinceMs !== undefined && !(Date.parse(event.ts) >= filter.sinceMs)) return false;
  return true;
}
