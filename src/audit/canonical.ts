/**
 * The hash definition (SPEC §8), in one place:
 *
 *   hash = lowercase hex SHA-256 of the UTF-8 bytes of JCS(event without "hash")
 *
 * JCS is RFC 8785 canonical JSON (the `canonicalize` package). Each line of the log is itself
 * JCS(the whole event), so a line's bytes are fully determined by its content: verify rejects
 * any line that is not, which makes every single-byte change detectable (an escape written
 * as `\u001F` instead of `\u001f` parses to the same value, but is not canonical).
 */
import * as crypto from 'node:crypto';
import canonicalizeModule from 'canonicalize';

type Serialize = (value: unknown) => string | undefined;
// The package is CommonJS (`module.exports = fn`) while its types claim an ES default export;
// accept either shape.
const canonicalizeJson: Serialize =
  typeof canonicalizeModule === 'function'
    ? (canonicalizeModule as unknown as Serialize)
    : (canonicalizeModule as unknown as { default: Serialize }).default;

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

export function canonicalize(value: unknown): string {
  const text = canonicalizeJson(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

// crypto.hash (Node ≥ 20.12) is a one-shot digest about twice as fast as createHash for short
// inputs, which matters when verifying a million lines.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string })
  .hash;

export function sha256Hex(text: string): string {
  return oneShot
    ? oneShot('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of an event: over JCS of every member except "hash" itself. */
export function eventHash(event: object): string {
  const { hash: _hash, ...rest } = event as { hash?: unknown };
  return sha256Hex(canonicalize(rest));
}

/** Constant-time comparison of two hex hashes (different lengths compare unequal). */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
