/**
 * Secret values in the structured output of a command (`-o yaml|json`, `config view --raw`):
 * the `data`/`stringData` of Secrets (and of any object, when the command reads secrets), their
 * `last-applied-configuration`, and the credentials of a kubeconfig's users. The stored text
 * keeps kubectl's formatting: each value is replaced where it is printed, and the result is
 * parsed again to prove nothing is left; only when that fails is the document re-serialised.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { REDACTED } from './patterns.js';

export type DocumentFormat = 'json' | 'yaml';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every secret string in `node`, replaced by REDACTED in place and added to `found`. */
function walk(node: unknown, allData: boolean, found: Set<string>, secretItems = false): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, allData, found, secretItems);
    return;
  }
  if (!isObject(node)) return;
  const kind = typeof node.kind === 'string' ? node.kind : undefined;
  if (kind === 'Secret' || secretItems || allData) {
    for (const field of ['data', 'stringData']) {
      const map = node[field];
      if (!isObject(map)) continue;
      for (const key of Object.keys(map)) {
        const value = map[key];
        if (typeof value !== 'string' || value === REDACTED) continue;
        found.add(value);
        map[key] = REDACTED;
      }
    }
    const annotations = isObject(node.metadata) ? node.metadata.annotations : undefined;
    if (isObject(annotations) && typeof annotations[LAST_APPLIED] === 'string') {
      if (annotations[LAST_APPLIED] !== REDACTED) found.add(annotations[LAST_APPLIED]);
      annotations[LAST_APPLIED] = REDACTED;
    }
  }
  if (kind === 'Config' && Array.isArray(node.users)) {
    for (const user of node.users) if (isObject(user)) redactLeaves(user.user, found);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'data' || key === 'stringData') continue;
    walk(value, allData, found, key === 'items' && kind === 'SecretList');
  }
}

function redactLeaves(node: unknown, found: Set<string>): void {
  if (Array.isArray(node) || isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string') {
        if (value !== REDACTED) found.add(value);
        (node as Record<string, Json>)[key] = REDACTED;
      } else redactLeaves(value, found);
    }
  }
}

function parse(text: string, format: DocumentFormat): unknown[] | undefined {
  try {
    if (format === 'json') return [JSON.parse(text) as unknown];
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return undefined;
    return docs.map((doc) => doc.toJS() as unknown);
  } catch {
    return undefined;
  }
}

export interface DocumentRedaction {
  text: string;
  /** The secret values that were in the text (for scrubbing the rest of the recording). */
  found: Set<string>;
}

/**
 * The text with its secret values replaced, or undefined when it does not parse as `format`
 * (the caller then decides: a command that reads secrets keeps nothing of such output).
 */
export function redactDocuments(
  text: string,
  format: DocumentFormat,
  allData: boolean,
): DocumentRedaction | undefined {
  const docs = parse(text, format);
  if (docs === undefined) return undefined;
  const found = new Set<string>();
  walk(docs, allData, found);
  if (found.size === 0) return { text, found };
  // Longest first, so a value that contains another is replaced whole.
  let out = text;
  for (const value of [...found].sort((a, b) => b.length - a.length)) {
    if (value.length >= 4) {
      out = out.replaceAll(value, REDACTED);
      // JSON and quoted YAML escape some characters: replace the escaped form too.
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value) out = out.replaceAll(escaped, REDACTED);
    }
  }
  const again = parse(out, format);
  const left = new Set<string>();
  if (again !== undefined) walk(again, allData, left);
  if (again !== undefined && left.size === 0) return { text: out, found };
  // In-place replacement left something (a short value, a block scalar): re-serialise.
  const rewritten =
    format === 'json'
      ? `${JSON.stringify(docs[0], null, 4)}\n`
      : docs.map((doc) => stringify(doc)).join('---\n');
  return { text: rewritten, found };
}
