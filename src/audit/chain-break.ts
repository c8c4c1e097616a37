/**
 * Naming a break in the chain. A line whose own hash is good but whose seq or prev_hash does
 * not follow the line before is a deletion, an insertion, a reordering, a duplicate, an edit
 * upstream, or a rotation problem; some of these can only be told apart by the lines after
 * it. Pure functions over the (seq, prev_hash, hash) of the lines involved.
 */
import type { FailureKind } from './verify.js';

export interface Link {
  seq: number;
  prev: string;
  hash: string;
}

export interface Break {
  kind: FailureKind;
  message: string;
}

export interface BreakContext {
  /** The seq the chain expects on this line. */
  expected: number;
  /** The hash of the last good event (64 zeros at the start). */
  prevHash: string;
  /** Where the last good event is, for messages: "line 41" or "the start". */
  where: string;
  /** Set when this line is the first of a rotated file: the file before it. */
  crossedFrom?: string;
  /** A recent good event with this hash, if any (for duplicates). */
  recent: (hash: string) => { line: number; seq: number } | undefined;
}

/** The (seq, prev_hash, hash) of a line, if it has them; lookahead lines are parsed leniently. */
export function linkOf(text: string): Link | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (
      typeof value.seq === 'number' &&
      typeof value.prev_hash === 'string' &&
      typeof value.hash === 'string'
    ) {
      return { seq: value.seq, prev: value.prev_hash, hash: value.hash };
    }
  } catch {
    // not an event: it cannot continue the chain
  }
  return undefined;
}

/** A break named from this line alone, or undefined when the following lines must decide. */
export function classifyAtOnce(event: Link, ctx: BreakContext): Break | undefined {
  const X = ctx.expected;
  if (ctx.crossedFrom !== undefined) {
    return {
      kind: 'rotation',
      message: `chain break across rotated files: the first event (seq ${event.seq}) does not continue ${ctx.crossedFrom} (which ends at seq ${X - 1})`,
    };
  }
  if (event.seq >= X) return undefined;
  const copy = ctx.recent(event.hash);
  if (copy)
    return {
      kind: 'duplicated',
      message: `duplicate of seq ${copy.seq} (line ${copy.line}); expected seq ${X}`,
    };
  if (event.seq === X - 1) {
    return {
      kind: 'inserted',
      message: `seq ${event.seq} appears twice (${ctx.where} and here) with different content: an event was inserted`,
    };
  }
  return {
    kind: 'reordered',
    message: `seq ${event.seq} appears after seq ${X - 1}: events are out of order`,
  };
}

/** How many following lines a break needs before `classifyWithFollowing` can answer. */
export function followingNeeded(event: Link, ctx: BreakContext): number {
  return event.seq === ctx.expected ? 1 : 2;
}

/**
 * `after` holds up to two lines after the break (a line that is not an event has seq -1);
 * `expectedLater` says whether the expected seq turned up in the bounded scan after it.
 */
export function classifyWithFollowing(
  event: Link,
  ctx: BreakContext,
  after: Link[],
  expectedLater: boolean,
): Break {
  const X = ctx.expected;
  const [n1, n2] = after;
  const n1Continues = n1 !== undefined && n1.seq === X && n1.prev === ctx.prevHash;
  if (event.seq === X) {
    return n1Continues
      ? {
          kind: 'inserted',
          message: `an event with seq ${X} that does not chain to ${ctx.where} was inserted; the chain resumes on the next line`,
        }
      : {
          kind: 'edited',
          message: `prev_hash does not match the hash of seq ${X - 1} (${ctx.where}): that event was edited and re-hashed, or this one's prev_hash was changed`,
        };
  }
  if (n1Continues) {
    // Swapped with the next line (it belongs right after it), or the chain goes on without it.
    const reordered =
      event.prev === n1.hash || (n2 !== undefined && !(n2.seq === X + 1 && n2.prev === n1.hash));
    return reordered
      ? {
          kind: 'reordered',
          message: `seq ${event.seq} appears where seq ${X} belongs: events are out of order`,
        }
      : {
          kind: 'inserted',
          message: `seq ${event.seq} does not belong here: an event was inserted (the chain resumes on the next line)`,
        };
  }
  if (expectedLater) {
    return {
      kind: 'reordered',
      message: `seq ${event.seq} appears where seq ${X} belongs, and seq ${X} comes later: events are out of order`,
    };
  }
  const range = event.seq - 1 === X ? `seq ${X} is` : `seqs ${X}-${event.seq - 1} are`;
  return { kind: 'deleted', message: `${range} missing after ${ctx.where}: events were deleted` };
}
