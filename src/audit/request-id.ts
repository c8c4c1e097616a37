/**
 * Request IDs (SPEC §7): `idd_` + a monotonic ULID, so IDs made in one process sort in the
 * order they were made even within the same millisecond.
 */
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export const REQUEST_ID_PATTERN = /^idd_[0-9A-HJKMNP-TV-Z]{26}$/;

export function newRequestId(now: number = Date.now()): string {
  return `idd_${nextUlid(now)}`;
}

/**
 * The Audit-ID header for the n-th HTTP request (n = 1, 2, …) of a command. The API server
 * stores it as its own audit event's auditID, which lets `audit correlate` join the two logs.
 */
export function auditIdFor(requestId: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`audit id index must be ≥ 1, got ${n}`);
  return `${requestId.replaceAll('_', '-')}-${n}`;
}
