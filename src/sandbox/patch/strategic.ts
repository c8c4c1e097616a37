/**
 * Strategic merge patch, as k8s.io/apimachinery/pkg/util/strategicpatch applies it on the
 * server: maps merge, `null` deletes, lists with a merge key merge element by element, lists of
 * scalars with a merge strategy form a set, every other list is replaced. Directives:
 * `$patch: replace|delete` (in a map or as a list element), `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` — everything kubectl's
 * client-side `apply`, `edit` and `patch` send.
 */
import { PatchError } from './errors.js';
import { clone, goFormat, hasOwn, isObject, setKey, type Json, type JsonObject } from './json.js';
import type { FieldSchema, TypeSchema } from './schema.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

function bad(message: string): PatchError {
  return new PatchError('BadRequest', message);
}

function noMergeKey(item: JsonObject, key: string): PatchError {
  return bad(`map: ${goFormat(item)} does not contain declared merge key: ${key}`);
}

/** A patch value taken as-is: directives dropped, and `null`s dropped (nothing to delete). */
function plain(value: Json): { keep: boolean; value: Json } {
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const v of value) {
      const r = plain(v);
      if (r.keep) out.push(r.value);
    }
    return { keep: true, value: out };
  }
  if (isObject(value)) {
    if (hasOwn(value, DIRECTIVE)) return { keep: false, value: null };
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_FROM)) {
        continue;
      }
      const r = plain(v);
      if (r.keep) setKey(out, k, r.value);
    }
    return { keep: true, value: out };
  }
  return { keep: true, value };
}

function kindOf(v: Json | undefined): 'object' | 'array' | 'scalar' {
  return Array.isArray(v) ? 'array' : isObject(v) ? 'object' : 'scalar';
}

/** Merges `patch` into a copy of `original` under `schema`. */
export function strategicMerge(
  original: JsonObject,
  patch: JsonObject,
  schema: TypeSchema | undefined,
): JsonObject {
  return mergeMap(clone(original), clone(patch), schema);
}

function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: TypeSchema | undefined,
): JsonObject {
  if (hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      const rest = { ...patch };
      delete rest[DIRECTIVE];
      return plain(rest).value as JsonObject;
    }
    if (directive === 'delete') return {};
    throw bad(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
  }
  const result: JsonObject = original ?? {};
  applyRetainKeys(result, patch);
  applySetElementOrder(result, patch, schema);

  for (const [rawKey, patchValue] of Object.entries(patch)) {
    if (rawKey.startsWith(DELETE_FROM)) {
      const key = rawKey.slice(DELETE_FROM.length);
      const current = hasOwn(result, key) ? result[key] : undefined;
      if (Array.isArray(current) && Array.isArray(patchValue)) {
        setKey(
          result,
          key,
          current.filter((v) => !patchValue.some((d) => d === v)),
        );
      }
      continue;
    }
    const key = rawKey;
    if (patchValue === null) {
      delete result[key];
      continue;
    }
    const current = hasOwn(result, key) ? result[key] : undefined;
    if (current === undefined || kindOf(current) !== kindOf(patchValue)) {
      const r = plain(patchValue);
      if (r.keep) setKey(result, key, r.value);
      else delete result[key];
      continue;
    }
    const field = schema?.fields[key];
    if (isObject(current) && isObject(patchValue)) {
      setKey(result, key, mergeMap(current, patchValue, field?.schema));
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      setKey(result, key, mergeListField(current, patchValue, field));
    } else {
      setKey(result, key, patchValue);
    }
  }
  return result;
}

function mergeListField(current: Json[], patch: Json[], field: FieldSchema | undefined): Json[] {
  if (field?.list === undefined) return plain(patch).value as Json[];
  return mergeSlice(current, patch, field);
}

/** `$retainKeys`: members of the original not listed are cleared. */
function applyRetainKeys(result: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  const message = 'invalid patch format of retainKeys';
  if (!Array.isArray(list)) throw bad(message);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER)) continue;
    if (!list.includes(k)) throw bad(message);
  }
  for (const k of Object.keys(result)) if (!list.includes(k)) delete result[k];
}

/** `$setElementOrder/<list>`: merge that list now and order it as the directive says. */
function applySetElementOrder(
  result: JsonObject,
  patch: JsonObject,
  schema: TypeSchema | undefined,
): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ORDER)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw bad(`invalid type for ${directiveKey}: expected a list`);
    const key = directiveKey.slice(SET_ORDER.length);
    const field = schema?.fields[key];
    const mergeKey = field?.list?.key;
    const current = hasOwn(result, key) ? result[key] : undefined;
    const patchList = hasOwn(patch, key) ? patch[key] : undefined;
    const original = Array.isArray(current) ? current : undefined;
    let merged: Json[];
    if (original !== undefined && Array.isArray(patchList)) {
      merged = mergeListField(original, patchList, field);
    } else if (original !== undefined && patchList === undefined) {
      merged = original;
    } else if (Array.isArray(patchList)) {
      merged = plain(patchList).value as Json[];
    } else {
      continue;
    }
    const inOrder = (v: Json): boolean => indexIn(order, v, mergeKey) >= 0;
    const ordered = normalizeOrder(
      merged.filter(inOrder),
      merged.filter((v) => !inOrder(v)),
      order,
      original ?? [],
      mergeKey,
    );
    setKey(result, key, ordered);
    delete patch[key];
  }
}

function mergeSlice(original: Json[], patch: Json[], field: FieldSchema): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const mergeKey = field.list?.key;
  const maps = [...original, ...patch].some(isObject);
  let merged: Json[];
  let base = original;
  let items = patch;
  if (!maps) {
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.some((m) => m === v)) merged.push(v);
  } else {
    if (mergeKey === undefined) throw bad('cannot merge lists without merge key');
    ({ base, items } = specialElements(original, patch, mergeKey));
    merged = [...base];
    for (const item of items) {
      if (!isObject(item)) throw bad(`expected a map, got ${goFormat(item)}`);
      if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      const at = merged.findIndex((m) => isObject(m) && m[mergeKey] === item[mergeKey]);
      if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item, field.schema);
      else merged.push(plain(item).value);
    }
  }
  const inPatch = (v: Json): boolean => indexIn(items, v, maps ? mergeKey : undefined) >= 0;
  return normalizeOrder(
    merged.filter(inPatch),
    merged.filter((v) => !inPatch(v)),
    items,
    base,
    maps ? mergeKey : undefined,
  );
}

/** List elements that are directives: `{$patch: delete, key: v}` and `{$patch: replace}`. */
function specialElements(
  original: Json[],
  patch: Json[],
  mergeKey: string,
): { base: Json[]; items: Json[] } {
  const items: Json[] = [];
  let base = original;
  let replace = false;
  for (const v of patch) {
    if (!isObject(v) || !hasOwn(v, DIRECTIVE)) {
      items.push(v);
      continue;
    }
    const directive = v[DIRECTIVE];
    if (directive === 'delete') {
      if (!hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      base = base.filter((o) => !(isObject(o) && o[mergeKey] === v[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw bad('merging lists cannot yet be specified in the patch');
    } else {
      throw bad(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(v)}`);
    }
  }
  if (replace) return { base: items.map((i) => plain(i).value), items: [] };
  return { base, items };
}

function indexIn(list: Json[], value: Json, mergeKey: string | undefined): number {
  const keyOf = (v: Json): Json | undefined =>
    mergeKey === undefined ? v : isObject(v) ? v[mergeKey] : undefined;
  const wanted = keyOf(value);
  if (wanted === undefined || (typeof wanted === 'object' && wanted !== null)) return -1;
  return list.findIndex((v) => keyOf(v) === wanted);
}

function sortBy(items: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const position = (v: Json): number => {
    const i = indexIn(order, v, mergeKey);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return items
    .map((v, i) => ({ v, i, p: position(v) }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.v);
}

/**
 * The order of a merged list: patch items in the patch's (or `$setElementOrder`'s) order, with
 * server-only items slotted back in where the live list had them.
 */
function normalizeOrder(
  patchItems: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string | undefined,
): Json[] {
  const right = sortBy(patchItems, patchOrder, mergeKey);
  const left = sortBy(serverOnly, serverOrder, mergeKey);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++] as Json);
    else if (j >= right.length) out.push(left[i++] as Json);
    else {
      const li = indexIn(serverOrder, left[i] as Json, mergeKey);
      const ri = indexIn(serverOrder, right[j] as Json, mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++] as Json);
      else out.push(right[j++] as Json);
    }
  }
  return out;
}
