/**
 * approvers.yaml: the public keys the waiting command trusts for signed decisions.
 *
 *   approvers:
 *     - name: alice
 *       public_key: MCowBQYDK2VwAyEA...   # base64 SPKI DER of an Ed25519 key
 *       created: 2026-11-26T06:00:00.000Z
 *
 * A file that does not parse is an error (file:line, exit 3), never "no approvers" and never
 * "anyone": a require_signature policy with a broken approvers.yaml approves nothing.
 */
import type { KeyObject } from 'node:crypto';
import { stringify } from 'yaml';
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { withFileLock } from '../common/locked-file.js';
import { isEmpty, YamlSource } from '../policy/yaml-source.js';
import { APPROVER_NAME, APPROVER_NAME_RULE, publicKeyFrom, publicKeyText } from './keys.js';
import { readRegularFile } from '../common/read-regular.js';

export interface ApproverRecord {
  name: string;
  public_key: string;
  created: string;
}

function invalid(path: string, why: string): IddioError {
  return new IddioError(`${path}: ${why}`, { code: 'approvers-invalid', exitCode: EXIT.denied });
}

/**
 * The approvers in the file, in order. Each name and each key may appear once: a second entry
 * named like an existing approver would otherwise give that approver a second key (an agent
 * that can write the file adds `approver-a` with its own key, signs, and the log records
 * `approved_by: approver-a`), and one key under two names would let one signature count as
 * either person. Any such file is refused with file:line (exit 3), never resolved by order.
 */
export function readApprovers(path: string): ApproverRecord[] {
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw invalid(path, `cannot read: ${(error as Error).message}`);
  }
  const src: YamlSource = YamlSource.parse(text, path, 'approvers'); // typed: fail() narrows
  if (isEmpty(src.root)) return [];
  src.onlyKeys(src.root, 'approvers.yaml', ['approvers']);
  const list = src.get(src.root, 'approvers');
  if (!list) src.fail(src.root, 'expected a top-level "approvers" list', 'bad-value');
  if (isEmpty(list.value)) return [];
  const records: ApproverRecord[] = [];
  const names = new Map<string, { key: string; line: number }>();
  const keys = new Map<string, { name: string; line: number }>();
  for (const item of src.items(list.value, 'approvers')) {
    src.onlyKeys(item, 'an approver', ['name', 'public_key', 'created']);
    const field = (key: string): string => {
      const entry = src.get(item, key);
      if (!entry) src.fail(item, `an approver needs a ${key}`, 'bad-value');
      return src.string(entry.value, `approver ${key}`);
    };
    const name = field('name');
    if (!APPROVER_NAME.test(name))
      src.fail(item, `"${name}" is not a valid approver name (${APPROVER_NAME_RULE})`, 'bad-value');
    const publicKey = field('public_key');
    const created = field('created');
    let canonical: string;
    try {
      canonical = publicKeyText(publicKeyFrom(publicKey));
    } catch {
      src.fail(item, `the public key of approver "${name}" is not an Ed25519 key`, 'bad-key');
    }
    const line = src.lineOf(item);
    const sameName = names.get(name);
    if (sameName) {
      src.fail(
        item,
        sameName.key === canonical
          ? `approver "${name}" is listed twice (first at line ${sameName.line})`
          : `a second entry for approver "${name}" would change its key (first at line ${sameName.line})`,
        'duplicate-name',
      );
    }
    const sameKey = keys.get(canonical);
    if (sameKey) {
      src.fail(
        item,
        `approver "${name}" has the same key as "${sameKey.name}" (line ${sameKey.line}); each key belongs to one person`,
        'duplicate-key',
      );
    }
    names.set(name, { key: canonical, line });
    keys.set(canonical, { name, line });
    records.push({ name, public_key: publicKey, created });
  }
  return records;
}

/** The trusted keys by name (readApprovers has checked that every key parses, once each). */
export function approverKeys(path: string): Map<string, KeyObject> {
  return new Map(readApprovers(path).map((r) => [r.name, publicKeyFrom(r.public_key)]));
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
