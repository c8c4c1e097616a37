/**
 * Deterministic generated names. Real controllers pick random suffixes; the sandbox derives them
 * from a hash so the same seed and the same requests always produce the same pod names, which
 * tests and docs can predict.
 */
import { createHash } from 'node:crypto';

/** The API server's alphabet for generated suffixes: no vowels, no look-alike digits. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function hashSuffix(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return out;
}

/** The pod-template-hash label value for a pod template (10 characters, like the controller's). */
export function templateHash(template: unknown): string {
  return hashSuffix(stableJson(template), 10);
}

export function hexHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** JSON with sorted keys, so equal objects hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A v4-shaped UUID derived from text, so seeded objects keep their uid across restarts. */
export function derivedUid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
