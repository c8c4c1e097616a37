/**
 * Field sets, the unit of server-side apply ownership, in the `fieldsV1` form the API server
 * stores in `metadata.managedFields`: a path is a list of `f:<field>`, `k:{"key":value}` (an
 * element of a keyed list), `v:<value>` (an element of a set) and `i:<index>` steps.
 */
import { hasOwn, isObject, jsonEqual, type Json, type JsonObject } from './json.js';
import type { FieldSchema, TypeSchema } from './schema.js';

export type Path = string[];
/** Paths serialised with JSON.stringify, so a Set can hold them. */
export type FieldSet = Set<string>;

export const pathKey = (p: Path): string => JSON.stringify(p);
export const parsePathKey = (k: string): Path => JSON.parse(k) as Path;

/** The members of a value: every leaf, every keyed-list or set element, every empty map. */
export function fieldSetOf(value: JsonObject, schema: TypeSchema | undefined): FieldSet {
  const set: FieldSet = new Set();
  walkMap(value, [], schema, set);
  return set;
}

function walkMap(
  value: JsonObject,
  path: Path,
  schema: TypeSchema | undefined,
  set: FieldSet,
): void {
  const entries = Object.entries(value).filter(([, v]) => v !== null);
  if (entries.length === 0 && path.length > 0) {
    set.add(pathKey(path));
    return;
  }
  for (const [k, v] of entries) walkValue(v, [...path, `f:${k}`], schema?.fields[k], set);
}

function walkValue(value: Json, path: Path, field: FieldSchema | undefined, set: FieldSet): void {
  if (isObject(value) && field?.atomic !== true) {
    walkMap(value, path, field?.schema, set);
    return;
  }
  if (Array.isArray(value) && field?.list !== undefined) {
    const key = field.list.key;
    for (const el of value) {
      if (key !== undefined && isObject(el) && hasOwn(el, key)) {
        const elPath = [...path, `k:${JSON.stringify({ [key]: el[key] })}`];
        set.add(pathKey(elPath));
        walkMap(el, elPath, field.schema, set);
      } else if (key === undefined && !isObject(el) && !Array.isArray(el)) {
        set.add(pathKey([...path, `v:${JSON.stringify(el)}`]));
      }
    }
    return;
  }
  set.add(pathKey(path));
}

interface Node {
  member: boolean;
  children: Map<string, Node>;
}

/** Set → the nested `fieldsV1` object. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: Node = { member: false, children: new Map() };
  for (const key of [...set].sort()) {
    let node = root;
    for (const step of parsePathKey(key)) {
      let next = node.children.get(step);
      if (next === undefined) {
        next = { member: false, children: new Map() };
        node.children.set(step, next);
      }
      node = next;
    }
    node.member = true;
  }
  const emit = (node: Node): JsonObject => {
    const out: JsonObject = {};
    if (node.member && node.children.size > 0) out['.'] = {};
    for (const [k, child] of node.children) out[k] = emit(child);
    return out;
  };
  return emit(root);
}

/** The nested `fieldsV1` object → set. Unreadable input yields what could be read. */
export function fromFieldsV1(tree: unknown): FieldSet {
  const set: FieldSet = new Set();
  const walk = (node: unknown, path: Path): void => {
    if (!isObject(node)) return;
    for (const [k, child] of Object.entries(node)) {
      if (k === '.') {
        if (path.length > 0) set.add(pathKey(path));
      } else if (isObject(child) && Object.keys(child).length === 0) {
        set.add(pathKey([...path, k]));
      } else {
        walk(child, [...path, k]);
      }
    }
  };
  walk(tree, []);
  return set;
}

function stepMatches(step: string, el: Json, index: number): boolean {
  if (step.startsWith('k:')) {
    const wanted = JSON.parse(step.slice(2)) as JsonObject;
    return isObject(el) && Object.entries(wanted).every(([k, v]) => jsonEqual(el[k], v));
  }
  if (step.startsWith('v:')) return jsonEqual(el, JSON.parse(step.slice(2)) as Json);
  if (step.startsWith('i:')) return index === Number(step.slice(2));
  return false;
}

/** The value at a path, or undefined when absent. */
export function valueAt(root: Json, path: Path): Json | undefined {
  let cur: Json | undefined = root;
  for (const step of path) {
    if (cur === undefined) return undefined;
    if (step.startsWith('f:')) {
      const name = step.slice(2);
      cur = isObject(cur) && hasOwn(cur, name) ? cur[name] : undefined;
    } else if (Array.isArray(cur)) {
      const list: Json[] = cur;
      cur = list.find((el, i) => stepMatches(step, el, i));
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Removes the member at a path (a map field or a list element). Mutates `root`. */
export function removeAt(root: Json, path: Path): void {
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined || parent === undefined) return;
  if (last.startsWith('f:') && isObject(parent)) {
    delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const at = parent.findIndex((el, i) => stepMatches(last, el, i));
    if (at >= 0) parent.splice(at, 1);
  }
}

/** A path as the API server prints it in conflicts: `.spec.containers[name="web"].image`. */
export function formatPath(path: Path): string {
  return path
    .map((step) => {
      const body = step.slice(2);
      if (step.startsWith('f:')) return `.${body}`;
      if (step.startsWith('k:')) {
        const keys = JSON.parse(body) as JsonObject;
        return `[${Object.entries(keys)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (step.startsWith('v:')) return `[=${body}]`;
      return `[${body}]`;
    })
    .join('');
}
