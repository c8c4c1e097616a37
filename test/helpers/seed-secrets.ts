/**
 * Every secret value the sandbox holds: its seed's Secret data (base64 as stored, and decoded)
 * and its bearer tokens. Evidence files (recordings, reports) must contain none of them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { BUILTIN_SEED } from '../../src/sandbox/seed/builtin.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export function seedSecretValues(sandbox?: Pick<Sandbox, 'token' | 'viewerToken'>): string[] {
  const values = new Set<string>();
  for (const doc of parseAllDocuments(BUILTIN_SEED)) {
    const object = doc.toJS() as {
      kind?: string;
      data?: Record<string, string>;
      stringData?: Record<string, string>;
    };
    if (object?.kind !== 'Secret') continue;
    for (const value of Object.values(object.data ?? {})) {
      values.add(value);
      // The decoded value, and each of its lines (a PEM body line alone is still the secret).
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      values.add(decoded.trim());
    }
    for (const value of Object.values(object.stringData ?? {})) values.add(value);
  }
  if (sandbox) {
    values.add(sandbox.token);
    values.add(sandbox.viewerToken);
  }
  return [...values].filter((v) => v.length >= 8);
}

/** The text of every file under `dir`, gzip files decompressed. */
export function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const bytes = readFileSync(path);
        out.push({
          path,
          text: (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'),
        });
      }
    }
  };
  walk(dir);
  return out;
}

/** The secret values found in `text` (none, when all is well). */
export function leakedIn(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}
