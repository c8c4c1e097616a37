/**
 * Parses seed YAML (several documents, or `kind: List`) into objects, each with the line it
 * starts on, so a bad seed is reported as `file:line: reason`.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, type Node } from 'yaml';
import { findByKind, type ResourceDef } from '../resources.js';
import type { KubeObject } from '../types.js';

export class SeedError extends Error {
  readonly code = 'seed_invalid';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    // Line 0 means the file as a whole (it cannot be read).
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
    this.name = 'SeedError';
  }
}

export interface SeedEntry {
  object: KubeObject;
  def: ResourceDef;
  line: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function entryFrom(value: unknown, line: number, file: string): SeedEntry {
  if (!isRecord(value)) throw new SeedError(file, line, 'expected a Kubernetes object (a mapping)');
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || apiVersion === '')
    throw new SeedError(file, line, 'apiVersion is required');
  if (typeof kind !== 'string' || kind === '') throw new SeedError(file, line, 'kind is required');
  const def = findByKind(apiVersion, kind);
  if (!def) throw new SeedError(file, line, `the sandbox does not serve ${kind} in ${apiVersion}`);
  const metadata = value.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new SeedError(file, line, `${kind}: metadata.name is required`);
  }
  if (def.namespaced && metadata.namespace === undefined) metadata.namespace = 'default';
  if (!def.namespaced && metadata.namespace !== undefined) {
    throw new SeedError(
      file,
      line,
      `${kind} ${metadata.name} is cluster-scoped and cannot have a namespace`,
    );
  }
  return { object: value as KubeObject, def, line };
}

function lineOf(node: Node | null | undefined, counter: LineCounter, fallback: number): number {
  const offset = node?.range?.[0];
  return offset === undefined ? fallback : counter.linePos(offset).line;
}

export function parseSeed(text: string, file: string): SeedEntry[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  if (!Array.isArray(docs)) return []; // an empty stream
  const entries: SeedEntry[] = [];
  for (const doc of docs) {
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line ?? counter.linePos(problem.pos[0]).line;
      throw new SeedError(file, line, problem.message.split('\n')[0] ?? 'invalid YAML');
    }
    const start = lineOf(doc.contents, counter, 1);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      throw new SeedError(file, start, error instanceof Error ? error.message : String(error));
    }
    if (value === null || value === undefined) continue; // an empty document
    if (isRecord(value) && value.kind === 'List' && Array.isArray(value.items)) {
      const itemsNode = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      value.items.forEach((item, i) => {
        const node = isSeq(itemsNode) ? (itemsNode.items[i] as Node | undefined) : undefined;
        entries.push(entryFrom(item, lineOf(node, counter, start), file));
      });
      continue;
    }
    entries.push(entryFrom(value, start, file));
  }
  return entries;
}
