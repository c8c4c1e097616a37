/**
 * approvers.yaml: the public keys the waiting command trusts for signed decisions.
 *
 *   approvers:
 *     - name: alice
 *       public_key: MCowBQYDK2VwAyEA...   # base64 SPKI DER of an Ed25519 key
 *       created: 2026-11-26T06:00:00.000Z
 *
 * A file that does not parse is an error, never "no approvers" and never "anyone": a
 * require_signature policy with a broken approvers.yaml approves nothing.
 */
import type { KeyObject } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { withFileLock } from '../common/locked-file.js';
import { APPROVER_NAME, publicKeyFrom } from './keys.js';
import { readRegularFile } from '../common/read-regular.js';

export interface ApproverRecord {
  name: string;
  public_key: string;
  created: string;
}

function invalid(path: string, why: string): IddioError {
  return new IddioError(`${path}: ${why}`, { code: 'approvers-invalid', exitCode: EXIT.denied });
}

export function readApprovers(path: string): ApproverRecord[] {
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw invalid(path, `cannot read: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    throw invalid(path, 'not valid YAML');
  }
  if (doc === null || doc === undefined) return [];
  const list = (doc as { approvers?: unknown }).approvers;
  if (typeof doc !== 'object' || !Array.isArray(list)) {
    throw invalid(path, 'expected a top-level "approvers" list');
  }
  return list.map((entry: unknown, index) => {
    const e = entry as Partial<ApproverRecord> | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.name !== 'string' ||
      !APPROVER_NAME.test(e.name) ||
      typeof e.public_key !== 'string' ||
      typeof e.created !== 'string'
    ) {
      throw invalid(path, `approver ${index + 1} needs a valid name, public_key and created`);
    }
    return { name: e.name, public_key: e.public_key, created: e.created };
  });
}

/** The trusted keys by name; an entry whose key does not parse is an error. */
export function approverKeys(path: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const record of readApprovers(path)) {
    try {
      keys.set(record.name, publicKeyFrom(record.public_key));
    } catch {
      throw invalid(path, `the public key of approver "${record.name}" is not an Ed25519 key`);
    }
  }
  return keys;
}

/** Adds an approver under a lock; refuses a name that exists. */
export async function addApproverRecord(path: string, record: ApproverRecord): Promise<void> {
  await withFileLock(path, 'approvers.yaml', 'approvers-locked', () => {
    const current = readApprovers(path);
    if (current.some((a) => a.name === record.name)) {
      throw new IddioError(`approver "${record.name}" already exists in approvers.yaml`, {
        code: 'approver-exists',
        exitCode: EXIT.usage,
      });
    }
    writeFileAtomic(path, stringify({ approvers: [...current, record] }), 0o644);
  });
}
