/**
 * Server-side apply (`application/apply-patch+yaml`): the applied configuration is merged into
 * the live object with the same keyed lists as strategic merge patch; the field manager comes
 * to own exactly the fields it applied, fields it applied before and no longer applies are
 * removed (unless another manager owns them too), and changing a field another manager owns
 * is a Conflict unless forced — then that manager loses the field. Messages follow the API
 * server's apply conflict error.
 */
import type { KubeObject } from '../types.js';
import { PatchError, type PatchErrorCause } from './errors.js';
import { fieldSetOf, formatPath, parsePathKey, removeAt, valueAt } from './fieldset.js';
import { clone, goFormat, isObject, type Json, type JsonObject } from './json.js';
import {
  changedPaths,
  readEntries,
  rfc3339,
  trackedPart,
  writeEntries,
  type ManagerEntry,
} from './managed.js';
import { schemaFor } from './schema.js';
import { strategicMerge } from './strategic.js';

interface Conflict {
  owner: ManagerEntry;
  key: string;
}

/** How the server names a manager in a conflict: `"kubectl-edit" using apps/v1 at <time>`. */
function describe(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource !== undefined) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation !== 'Update') return s;
  return e.time === undefined
    ? `${s} using ${e.apiVersion}`
    : `${s} using ${e.apiVersion} at ${e.time}`;
}

function conflictError(conflicts: Conflict[]): PatchError {
  const causes: PatchErrorCause[] = conflicts.map((c) => ({
    type: 'FieldManagerConflict',
    message: `conflict with ${describe(c.owner)}`,
    field: formatPath(parsePathKey(c.key)),
  }));
  let message: string;
  const first = conflicts[0];
  if (conflicts.length === 1 && first !== undefined) {
    message = `Apply failed with 1 conflict: conflict with ${describe(first.owner)}: ${formatPath(parsePathKey(first.key))}`;
  } else {
    const byOwner = new Map<ManagerEntry, string[]>();
    for (const c of conflicts) {
      byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), formatPath(parsePathKey(c.key))]);
    }
    const owners = [...byOwner.keys()].sort((a, b) =>
      `${a.manager}\0${a.operation}` < `${b.manager}\0${b.operation}` ? -1 : 1,
    );
    const lines = owners.flatMap((o) => [
      `conflicts with ${describe(o)}:`,
      ...(byOwner.get(o) ?? []).map((p) => `- ${p}`),
    ]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new PatchError('Conflict', message, { causes });
}

function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

/** The path of the first `$`-prefixed key (a strategic-merge directive), if any. */
function directivePath(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = directivePath(v, path);
      if (found !== undefined) return found;
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$')) return `${path}.${k}`;
      const found = directivePath(v, `${path}.${k}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function serverSideApply(
  live: KubeObject,
  applied: unknown,
  options: { kind: string; fieldManager?: string; force?: boolean; now?: Date },
): KubeObject {
  if (options.fieldManager === undefined || options.fieldManager === '') {
    throw new PatchError(
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  if (!isObject(applied)) {
    throw new PatchError(
      'BadRequest',
      'error decoding YAML: the applied configuration is not an object',
    );
  }
  if (applied.metadata !== undefined && !isObject(applied.metadata)) {
    const got = Array.isArray(applied.metadata) ? 'slice' : typeof applied.metadata;
    throw new PatchError(
      'BadRequest',
      `.metadata accessor error: ${goFormat(applied.metadata)} is of the type ${got}, expected map[string]interface{}`,
    );
  }
  if (isObject(applied.metadata) && applied.metadata.managedFields !== undefined) {
    throw new PatchError('BadRequest', 'metadata.managedFields must be nil');
  }
  const undeclared = directivePath(applied, '');
  if (undeclared !== undefined) {
    // Apply has no patch directives: a `$` key is a field no schema declares.
    const gv = typeof applied.apiVersion === 'string' ? applied.apiVersion : '';
    throw new PatchError(
      'BadRequest',
      `failed to create typed patch object (${gv}, Kind=${options.kind}): ${undeclared}: field not declared in schema`,
    );
  }
  const manager = options.fieldManager;
  const schema = schemaFor(options.kind);
  const appliedPart = trackedPart(withoutNulls(applied));
  const livePart = trackedPart(live);
  const appliedSet = fieldSetOf(appliedPart, schema);

  let entries = readEntries(live);
  if (entries.length === 0) {
    // An object nobody has claimed yet: the API server attributes its fields to this manager.
    const existing = fieldSetOf(livePart, schema);
    if (existing.size > 0) {
      entries = [
        {
          manager: 'before-first-apply',
          operation: 'Update',
          apiVersion: live.apiVersion,
          ...(options.now !== undefined ? { time: rfc3339(options.now) } : {}),
          set: existing,
        },
      ];
    }
  }
  const mine = entries.find(
    (e) => e.manager === manager && e.operation === 'Apply' && e.subresource === undefined,
  );
  const others = entries.filter((e) => e !== mine);

  const changed = changedPaths(livePart, appliedPart, appliedSet);
  const conflicts: Conflict[] = [];
  for (const key of changed) {
    for (const owner of others) if (owner.set.has(key)) conflicts.push({ owner, key });
  }
  if (conflicts.length > 0 && options.force !== true) throw conflictError(conflicts);
  for (const c of conflicts) c.owner.set.delete(c.key);

  const merged = strategicMerge(
    live as unknown as JsonObject,
    appliedPart,
    schema,
  ) as unknown as KubeObject;
  // Keep identity and status as they are: apply does not change them through this path.
  merged.apiVersion = live.apiVersion;
  merged.kind = live.kind;
  if (!isObject(merged.metadata)) merged.metadata = clone(live.metadata);

  // Fields this manager applied last time and not now: removed unless someone else owns them.
  const dropped = [...(mine?.set ?? [])]
    .filter((key) => !appliedSet.has(key))
    .filter(
      (key) =>
        !others.some((o) => [...o.set].some((k) => k === key || k.startsWith(key.slice(0, -1)))),
    )
    .map(parsePathKey)
    .sort((a, b) => b.length - a.length);
  for (const path of dropped) {
    removeAt(merged as unknown as Json, path);
    // A map emptied by the removal goes too (labels: {} is not something anyone applied).
    for (let n = path.length - 1; n > 0; n--) {
      const parent = valueAt(merged as unknown as Json, path.slice(0, n));
      if (!isObject(parent) || Object.keys(parent).length > 0) break;
      removeAt(merged as unknown as Json, path.slice(0, n));
    }
  }

  const entry: ManagerEntry = {
    manager,
    operation: 'Apply',
    apiVersion: typeof applied.apiVersion === 'string' ? applied.apiVersion : live.apiVersion,
    ...(options.now !== undefined ? { time: rfc3339(options.now) } : {}),
    set: appliedSet,
  };
  const nextEntries =
    mine === undefined ? [...entries, entry] : entries.map((e) => (e === mine ? entry : e));
  const written = writeEntries(nextEntries);
  const result = clone(merged);
  if (written.length > 0) result.metadata.managedFields = written;
  else delete result.metadata.managedFields;
  return result;
}
