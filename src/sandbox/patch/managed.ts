/**
 * `metadata.managedFields`: who owns which fields. Server-side apply reads and writes it to
 * detect conflicts between managers; ordinary writes (create, update, patch) record the
 * writer's ownership of what it changed, as the API server's field manager does, so that a
 * later apply over a client-side-applied object conflicts the way it would on a real cluster.
 */
import type { KubeObject } from '../types.js';
import {
  fieldSetOf,
  fromFieldsV1,
  parsePathKey,
  toFieldsV1,
  valueAt,
  type FieldSet,
} from './fieldset.js';
import { clone, isObject, jsonEqual, type Json, type JsonObject } from './json.js';
import { schemaFor } from './schema.js';

export interface ManagerEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** Metadata the field manager never tracks (identity and server-owned bookkeeping). */
const UNTRACKED_META = [
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'generation',
  'managedFields',
  'resourceVersion',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** The part of an object whose fields are owned: no type, identity or status. */
export function trackedPart(object: unknown): JsonObject {
  const out = isObject(object) ? clone(object) : {};
  delete out.apiVersion;
  delete out.kind;
  delete out.status;
  const meta = out.metadata;
  if (isObject(meta)) {
    for (const k of UNTRACKED_META) delete meta[k];
    if (Object.keys(meta).length === 0) delete out.metadata;
  }
  return out;
}

export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Reads the entries of `metadata.managedFields`, skipping malformed ones. */
export function readEntries(object: KubeObject): ManagerEntry[] {
  const raw = object.metadata.managedFields;
  if (!Array.isArray(raw)) return [];
  const entries: ManagerEntry[] = [];
  for (const e of raw) {
    if (!isObject(e) || typeof e.manager !== 'string') continue;
    entries.push({
      manager: e.manager,
      operation: typeof e.operation === 'string' ? e.operation : 'Update',
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      ...(typeof e.time === 'string' ? { time: e.time } : {}),
      ...(typeof e.subresource === 'string' ? { subresource: e.subresource } : {}),
      set: fromFieldsV1(e.fieldsV1),
    });
  }
  return entries;
}

/** Entries → `metadata.managedFields` (entries that own nothing are dropped). */
export function writeEntries(entries: ManagerEntry[]): JsonObject[] {
  return entries
    .filter((e) => e.set.size > 0)
    .map((e) => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      ...(e.time !== undefined ? { time: e.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(e.set),
      ...(e.subresource !== undefined ? { subresource: e.subresource } : {}),
    }));
}

/** True for a path ending at a list element (`k:` or `v:` step) rather than a field value. */
export function isElementPath(key: string): boolean {
  const last = parsePathKey(key).at(-1) ?? '';
  return last.startsWith('k:') || last.startsWith('v:') || last.startsWith('i:');
}

/** Paths of `after` whose value differs from (or is absent in) `before`. */
export function changedPaths(before: JsonObject, after: JsonObject, afterSet: FieldSet): FieldSet {
  const changed: FieldSet = new Set();
  for (const key of afterSet) {
    const path = parsePathKey(key);
    const was = valueAt(before as Json, path);
    const now = valueAt(after as Json, path);
    if (isElementPath(key) ? was === undefined : !jsonEqual(was, now)) changed.add(key);
  }
  return changed;
}

/**
 * The ownership a write starts from. As the API server does, managedFields sent with the write
 * win (that is how `kubectl apply --server-side` migrates client-side-apply ownership), a
 * single empty entry resets them, and otherwise the live object's are kept.
 */
function startingEntries(previous: KubeObject | undefined, next: KubeObject): ManagerEntry[] {
  const sent = next.metadata.managedFields;
  if (Array.isArray(sent) && sent.length > 0) {
    const first: unknown = sent[0];
    if (sent.length === 1 && isObject(first) && Object.keys(first).length === 0) return [];
    if (previous === undefined || !jsonEqual(sent, previous.metadata.managedFields)) {
      return readEntries(next);
    }
  }
  return previous === undefined ? [] : readEntries(previous);
}

/**
 * Records an ordinary write (operation Update) by `fieldManager`: it takes ownership of what
 * it changed, other managers lose those fields, and fields that disappeared are owned by no one.
 * A write through a subresource (`scale`, `status`) is recorded with it, as the server does.
 * Returns a copy of `next` with the new `metadata.managedFields`.
 */
export function recordUpdate(
  previous: KubeObject | undefined,
  next: KubeObject,
  options: { fieldManager: string; now?: Date; subresource?: string },
): KubeObject {
  const schema = schemaFor(next.kind);
  const before = trackedPart(previous);
  const after = trackedPart(next);
  const beforeSet = fieldSetOf(before, schema);
  const afterSet = fieldSetOf(after, schema);
  const changed = changedPaths(before, after, afterSet);
  const entries = startingEntries(previous, next);
  let mine = entries.find(
    (e) =>
      e.manager === options.fieldManager &&
      e.operation === 'Update' &&
      e.subresource === options.subresource,
  );
  for (const e of entries) {
    for (const key of e.set) {
      const gone = beforeSet.has(key) && !afterSet.has(key);
      if (gone || (e !== mine && changed.has(key))) e.set.delete(key);
    }
  }
  if (changed.size > 0) {
    if (mine === undefined) {
      mine = {
        manager: options.fieldManager,
        operation: 'Update',
        apiVersion: next.apiVersion,
        ...(options.subresource !== undefined ? { subresource: options.subresource } : {}),
        set: new Set(),
      };
      entries.push(mine);
    }
    for (const key of changed) mine.set.add(key);
    mine.apiVersion = next.apiVersion;
    if (options.now !== undefined) mine.time = rfc3339(options.now);
  }
  const result = clone(next);
  const written = writeEntries(entries);
  if (written.length > 0) result.metadata.managedFields = written;
  else delete result.metadata.managedFields;
  return result;
}
