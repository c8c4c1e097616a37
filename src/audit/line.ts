/**
 * Checks one line of the log on its own: JSON, canonical form, schema, and its own hash.
 * Chain checks (seq, prev_hash) need the line before and live in verify.ts. Pure and
 * synchronous; never throws on hostile input.
 */
import { canonicalize, sha256Hex } from './canonical.js';
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
 * Checks that `text` is exactly JCS(event) and returns the event's hash input, JCS(event
 * without "hash"); undefined when the text is not canonical.
 *
 * Fast path: with the keys already sorted, JSON.stringify and JCS agree (same string escaping,
 * same number form), so one native stringify of the event minus "hash" gives the hash input,
 * and the line must be exactly that with the `,"hash":"…"` member put back where it stands.
 * Anything unusual (integer-like keys, "hash" first, a nested "hash" with the same value) takes
 * the slow path through the canonicalize package.
 */
function canonicalHashInput(text: string, event: AuditEvent): string | undefined {
  if (keysSortedPlain(event)) {
    const mutable = event as { hash?: string };
    const hash = event.hash;
    mutable.hash = undefined; // JSON.stringify skips undefined members; the key order is kept
    const rest = JSON.stringify(event);
    mutable.hash = hash;
    const member = `,"hash":"${hash}"`;
    const at = text.indexOf(member);
    if (
      at >= 0 &&
      text.length === rest.length + member.length &&
      text.slice(0, at) === rest.slice(0, at) &&
      text.slice(at + member.length) === rest.slice(at)
    ) {
      return rest;
    }
  }
  if (canonicalize(event) !== text) return undefined;
  const { hash: _hash, ...rest } = event;
  return canonicalize(rest);
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
  const hashInput = canonicalHashInput(text, event);
  if (hashInput === undefined) {
    return {
      ok: false,
      kind: 'edited',
      message: 'the line is not in canonical form (RFC 8785): its bytes were changed',
      event: parsed as Record<string, unknown>,
    };
  }
  const actual = sha256Hex(hashInput);
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
