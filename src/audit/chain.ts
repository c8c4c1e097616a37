/**
 * Sealing an event into the chain: the writer's pure core. Given the head of the chain (the
 * last complete event, or none), the caller's input and the time, produce the event and the
 * exact line to append.
 */
import { canonicalize, eventHash } from './canonical.js';
import { GENESIS_HASH, type AuditEvent, type AuditEventInput } from './event.js';

/** The last event of the chain: what the next event links to. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Drops members whose value is undefined so that absent means omitted, never null. */
function withoutUndefined(input: AuditEventInput): AuditEventInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) out[key] = value;
  }
  return out as unknown as AuditEventInput;
}

export function sealEvent(
  input: AuditEventInput,
  head: ChainHead | undefined,
  now: Date,
): { event: AuditEvent; line: string } {
  const unhashed = {
    ...withoutUndefined(input),
    v: 1 as const,
    seq: head ? head.seq + 1 : 0,
    ts: now.toISOString(),
    prev_hash: head ? head.hash : GENESIS_HASH,
  };
  const event: AuditEvent = { ...unhashed, hash: eventHash(unhashed) };
  return { event, line: `${canonicalize(event)}\n` };
}
