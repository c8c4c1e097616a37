/**
 * Agent tokens: 256 random bits behind a recognisable `iddio_` prefix (so secret scanners
 * and people can tell what leaked), stored only as a SHA-256 and compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AgentRecord } from './types.js';

export const TOKEN_PREFIX = 'iddio_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Lowercase hex SHA-256 of the token's UTF-8 bytes: what agents.yaml stores. */
export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type DigestCompare = (a: Buffer, b: Buffer) => boolean;

/**
 * The record whose hash matches `token`, or undefined. Every record is compared, with a
 * constant-time comparison of the 32-byte digests and no early exit, so timing reveals
 * neither how much of a hash matched nor which record did. `compare` is injectable only so
 * that tests can prove the constant-time function is the one used.
 */
export function findTokenOwner(
  token: string,
  records: readonly AgentRecord[],
  compare: DigestCompare = timingSafeEqual,
): AgentRecord | undefined {
  const presented = Buffer.from(tokenSha256(token), 'hex');
  let owner: AgentRecord | undefined;
  const digests = records.flatMap((record) => [
    { record, sha256: record.sha256 },
    ...(record.tokens ?? []).map((extra) => ({ record, sha256: extra.sha256 })),
  ]);
  for (const { record, sha256 } of digests) {
    const stored = Buffer.from(sha256, 'hex');
    // The registry loader guarantees 64 hex digits; a short buffer here would make
    // timingSafeEqual throw, so compare against a zero digest instead of skipping.
    const same = compare(
      presented,
      stored.length === presented.length ? stored : Buffer.alloc(presented.length),
    );
    if (same && stored.length === presented.length && owner === undefined) owner = record;
  }
  return owner;
}
