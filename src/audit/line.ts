/**
 * Checks one line of the log on its own: JSON, canonical form, schema, and its own hash.
 * Chain checks (seq, prev_hash) need the line before and live in verify.ts. Pure and
 * synchronous; never throws on hostile input.
 */
import { canonicalize, eventHash, sha256Hex } from './canonical.js';
import type { AuditEvent } from './event.js';
import { checkSchema } from './schema.js';

export type LineProblemKind = 'malformed' | 'field' | 'version' | 'edited';

export type LineCheck =
  | { ok: true; event: AuditEvent }
  | { ok: false; kind: LineProblemKind; message: string; event?: Record<string, unknown> };

/**
 * True when every object's keys are in strictly increasing code-unit order and none looks like
 * an array index. Recurses only into objects and arrays: this runs on every line of a log.
 */
function keysSortedPlain(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null && !keysSortedPlain(item)) return false;
    }
    return true;
  }
  let previous = '';
  for (const key in value) {
    // V8 enumerates integer-like keys first, in numeric order: the text order is then unknown.
    const first = key.charCodeAt(0);
    if (first <= 57 && first >= 48) return false;
    if (previous !== '' && !(previous < key)) return false;
    previous = key;
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null && !keysSortedPlain(item)) return false;
  }
  return true;
}

/**
 * Is `text` exactly JCS(parse(text))? When keys are already sorted, JSON.stringify and JCS
 * agree (same string escaping, same number form), and the native stringify is the fast path.
 */
export function isCanonicalText(text: string, parsed: unknown): boolean {
  const plain = typeof parsed !== 'object' || parsed === null || keysSortedPlain(parsed);
  if (plain) return JSON.stringify(parsed) === text;
  return canonicalize(parsed) === text;
}

/**
 * The hash over a canonical line: the line with its top-level "hash" member cut out is
 * exactly JCS(event without "hash"), so we hash that text rather than serialising again.
 */
function hashOfCanonicalLine(text: string, event: AuditEvent): string {
  const member = `"hash":"${event.hash}"`;
  const at = text.indexOf(member);
  if (at < 0 || text.includes(member, at + 1)) return eventHash(event);
  const end = at + member.length;
  const cut =
    text.charCodeAt(at - 1) === 44 /* , */
      ? text.slice(0, at - 1) + text.slice(end)
      : text.slice(0, at) + text.slice(text.charCodeAt(end) === 44 ? end + 1 : end);
  return sha256Hex(cut);
}

/**
 * `invalidUtf8` is set by the reader, which decodes with replacement characters and checks
 * the raw bytes only when a U+FFFD shows up (a literal U+FFFD is legitimate text).
 */
export function checkLine(text: string, invalidUtf8 = false): LineCheck {
  if (text.length === 0) return { ok: false, kind: 'malformed', message: 'empty line' };
  if (invalidUtf8) {
    return { ok: false, kind: 'malformed', message: 'the line is not valid UTF-8' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: 'malformed', message: `malformed JSON (${why})` };
  }
  const problem = checkSchema(parsed);
  if (problem) {
    return {
      ok: false,
      kind: problem.kind,
      message: problem.message,
      event:
        typeof parsed === 'object' && parsed !== null
          ? (parsed as Record<string, unknown>)
          : undefined,
    };
  }
  const event = parsed as AuditEvent;
  if (!isCanonicalText(text, parsed)) {
    return {
      ok: false,
      kind: 'edited',
      message: 'the line is not in canonical form (RFC 8785): its bytes were changed',
      event: parsed as Record<string, unknown>,
    };
  }
  const actual = hashOfCanonicalLine(text, event);
  // Plain comparison: audit hashes are public values, there is no secret to leak by timing.
  if (actual !== event.hash) {
    return {
      ok: false,
      kind: 'edited',
      message: `content does not match its hash (recorded ${event.hash.slice(0, 12)}…, computed ${actual.slice(0, 12)}…)`,
      event: parsed as Record<string, unknown>,
    };
  }
  return { ok: true, event };
}
