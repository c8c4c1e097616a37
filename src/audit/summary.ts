/**
 * `iddio audit summary`: commands counted per group (agent, tier, verb or namespace), split by
 * tier and verb, with how escalations ended. A command is counted once, from its `decided`
 * event (every command has exactly one; `escalated` and `completed` add nothing to count).
 */
import type { AuditEvent } from './event.js';

export type SummaryBy = 'agent' | 'tier' | 'verb' | 'namespace';
export const SUMMARY_BY: readonly SummaryBy[] = ['agent', 'tier', 'verb', 'namespace'];

export type Outcome = 'allowed' | 'approved' | 'denied';

export interface SummarySegment {
  tier?: number;
  verb: string;
  count: number;
  allowed: number;
  approved: number;
  denied: number;
}

export interface SummaryGroup {
  key: string;
  total: number;
  segments: SummarySegment[];
}

export function outcomeOf(event: AuditEvent): Outcome {
  if (event.decision === 'deny') return 'denied';
  if (event.approved_by !== undefined) return 'approved';
  // An escalation nobody approved was declined or timed out: denied.
  return event.decision === 'escalate' ? 'denied' : 'allowed';
}

function keyOf(event: AuditEvent, by: SummaryBy): string {
  switch (by) {
    case 'agent':
      return event.agent ?? 'unknown';
    case 'tier':
      return event.tier === undefined ? 'T?' : `T${event.tier}`;
    case 'verb':
      return event.verb ?? '(none)';
    case 'namespace':
      return event.namespace ?? '(none)';
  }
}

/** Accumulates decided events into groups; memory grows with distinct keys, not events. */
export class SummaryBuilder {
  private readonly groups = new Map<string, Map<string, SummarySegment>>();

  constructor(private readonly by: SummaryBy) {}

  add(event: AuditEvent): void {
    if (event.stage !== 'decided') return;
    const key = keyOf(event, this.by);
    let segments = this.groups.get(key);
    if (!segments) this.groups.set(key, (segments = new Map()));
    const verb = event.verb ?? '(none)';
    const segmentKey = `${event.tier ?? ''}\u0000${verb}`;
    let segment = segments.get(segmentKey);
    if (!segment) {
      segment = { tier: event.tier, verb, count: 0, allowed: 0, approved: 0, denied: 0 };
      segments.set(segmentKey, segment);
    }
    segment.count++;
    segment[outcomeOf(event)]++;
  }

  result(): SummaryGroup[] {
    return [...this.groups.entries()]
      .map(([key, segments]) => {
        const list = [...segments.values()].sort(
          (a, b) =>
            (a.tier ?? 9) - (b.tier ?? 9) || b.count - a.count || a.verb.localeCompare(b.verb),
        );
        return { key, total: list.reduce((sum, s) => sum + s.count, 0), segments: list };
      })
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  }
}

function plural(verb: string): string {
  if (/(s|x|z|ch|sh)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** "500 T0 reads", "3 T3 deletes (2 approved, 1 denied)". T0 is observe-only: all reads. */
export function describeSegment(segment: SummarySegment, by: SummaryBy): string {
  const noun = segment.tier === 0 && by !== 'verb' ? 'reads' : plural(segment.verb);
  const tier = segment.tier === undefined || by === 'tier' ? '' : `T${segment.tier} `;
  const parts: string[] = [];
  if (segment.approved > 0) parts.push(`${segment.approved} approved`);
  if (segment.denied > 0) parts.push(`${segment.denied} denied`);
  const outcome = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  return by === 'verb'
    ? `${segment.count} ${tier.trim() || 'T?'}${outcome}`
    : `${segment.count} ${tier}${noun}${outcome}`;
}
