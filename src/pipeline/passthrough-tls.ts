/**
 * The ephemeral gateway's TLS pair, made once and kept in the home's cache (0600). Making one
 * costs ~100 ms (loading the certificate library and making two key pairs) that every
 * passthrough command would pay otherwise. A kept pair that does not parse, does not match its
 * key or CA, or expires within a day is made again. It guards a loopback socket for one
 * command of the user's own; that user can read it, which gives it nothing it does not
 * already hold in local mode (its own cluster credentials).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import { makeDirs } from '../common/make-dirs.js';
import type { ServingTls } from '../common/tls.js';

const FILE = 'passthrough-tls.json';
const DAY_MS = 24 * 60 * 60 * 1000;

export async function passthroughTls(cacheDir: string, now = new Date()): Promise<ServingTls> {
  const path = join(cacheDir, FILE);
  const kept = usable(readKept(path), now);
  if (kept) return kept;
  const { generateTls } = await import('../common/tls.js');
  const made = await generateTls(now, {
    name: 'iddio-passthrough',
    hosts: ['127.0.0.1'],
    validDays: 30,
  });
  try {
    makeDirs(cacheDir);
    writeFileAtomic(path, JSON.stringify(made));
  } catch {
    // A cache that cannot be written costs the next command the same ~100 ms, nothing more.
  }
  return made;
}

function readKept(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function usable(value: unknown, now: Date): ServingTls | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { caCert, caKey, cert, key } = value as Record<string, unknown>;
  if (![caCert, caKey, cert, key].every((v) => typeof v === 'string')) return undefined;
  const pair = { caCert, caKey, cert, key } as ServingTls;
  try {
    const serving = new X509Certificate(pair.cert);
    const ca = new X509Certificate(pair.caCert);
    const fresh = Date.parse(serving.validTo) - now.getTime() > DAY_MS;
    const matches =
      serving.checkPrivateKey(createPrivateKey(pair.key)) &&
      serving.verify(ca.publicKey) &&
      serving.checkIP('127.0.0.1') !== undefined;
    return fresh && matches ? pair : undefined;
  } catch {
    return undefined;
  }
}
