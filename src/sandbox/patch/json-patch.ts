/**
 * JSON patch (RFC 6902): add, remove, replace, move, copy, test, applied in order to a copy.
 * Messages follow gopkg.in/evanphx/json-patch.v4, which the API server uses. The server
 * reports a patch that does not apply only as a generic 422; the specific reason is kept in
 * PatchError.detail.
 */
import { PatchError } from './errors.js';
import { clone, hasOwn, isObject, jsonEqual, setKey, type Json, type JsonObject } from './json.js';

const NOT_APPLIED = 'the server rejected our request due to an error in our request';

interface Operation {
  op: string;
  path?: string;
  from?: string;
  value?: Json;
  hasValue: boolean;
}

class Failure extends Error {}

/** Validates the patch document's shape (the server's DecodePatch step: a 400 when wrong). */
function decode(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) {
    const what = patch === null ? 'null' : isObject(patch) ? 'object' : typeof patch;
    throw new PatchError(
      'BadRequest',
      `json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch`,
    );
  }
  return patch.map((raw) => {
    if (!isObject(raw)) {
      throw new PatchError(
        'BadRequest',
        `json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type jsonpatch.Operation`,
      );
    }
    const str = (v: Json | undefined): string | undefined =>
      typeof v === 'string' ? v : undefined;
    return {
      op: str(raw.op) ?? 'unknown',
      path: str(raw.path),
      from: str(raw.from),
      value: raw.value,
      hasValue: hasOwn(raw, 'value'),
    };
  });
}

/** RFC 6901 pointer → reference tokens. */
function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = JsonObject | Json[];

/** Walks to the parent of the pointer's last token. */
function findParent(doc: Json, tokens: string[]): { parent: Container; key: string } | undefined {
  let cur: Json = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const idx = parseIndex(token);
      if (idx === undefined || idx >= cur.length) return undefined;
      cur = cur[idx] as Json;
    } else if (isObject(cur)) {
      if (!hasOwn(cur, token)) return undefined;
      cur = cur[token] as Json;
    } else {
      return undefined;
    }
  }
  if (!Array.isArray(cur) && !isObject(cur)) return undefined;
  return { parent: cur, key: tokens[tokens.length - 1] ?? '' };
}

function parseIndex(token: string): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  return Number(token);
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === '-') return length;
  const idx = parseIndex(token);
  if (idx === undefined) {
    throw new Failure(`value was not a proper array index: '${token}'`);
  }
  if (idx > length || (!allowEnd && idx >= length)) {
    throw new Failure(`Unable to access invalid index: ${idx}`);
  }
  return idx;
}

function get(container: Container, key: string): Json | undefined {
  if (Array.isArray(container)) {
    const idx = parseIndex(key);
    return idx === undefined ? undefined : container[idx];
  }
  return hasOwn(container, key) ? container[key] : undefined;
}

function add(container: Container, key: string, value: Json): void {
  if (Array.isArray(container)) container.splice(arrayIndex(key, container.length, true), 0, value);
  else setKey(container, key, value);
}

function remove(container: Container, key: string): Json {
  if (Array.isArray(container)) {
    const idx = arrayIndex(key, container.length, false);
    return container.splice(idx, 1)[0] as Json;
  }
  if (!hasOwn(container, key)) throw new Failure(`Unable to remove nonexistent key: ${key}`);
  const old = container[key] as Json;
  delete container[key];
  return old;
}

function locate(
  doc: Json,
  pointer: string | undefined,
  what: string,
): { parent: Container; key: string } {
  if (pointer === undefined) throw new Failure(`${what} operation missing path field`);
  const tokens = parsePointer(pointer);
  const found = tokens === undefined ? undefined : findParent(doc, tokens);
  if (found === undefined || tokens === undefined || tokens.length === 0) {
    throw new Failure(`${what} operation does not apply: doc is missing path: "${pointer}"`);
  }
  return found;
}

function requireValue(op: Operation): Json {
  if (!op.hasValue) throw new Failure(`${op.op} operation, missing value field`);
  return clone(op.value as Json);
}

function applyOne(doc: Json, op: Operation): void {
  switch (op.op) {
    case 'add': {
      const value = requireValue(op);
      const { parent, key } = locate(doc, op.path, 'add');
      add(parent, key, value);
      return;
    }
    case 'remove': {
      const { parent, key } = locate(doc, op.path, 'remove');
      remove(parent, key);
      return;
    }
    case 'replace': {
      const value = requireValue(op);
      const { parent, key } = locate(doc, op.path, 'replace');
      if (Array.isArray(parent)) {
        parent[arrayIndex(key, parent.length, false)] = value;
      } else {
        if (!hasOwn(parent, key)) {
          throw new Failure(`replace operation does not apply: doc is missing key: ${op.path}`);
        }
        setKey(parent, key, value);
      }
      return;
    }
    case 'move': {
      if (op.from === undefined) throw new Failure('move operation, missing from field');
      const source = locate(doc, op.from, 'move');
      const value = get(source.parent, source.key);
      if (value === undefined) {
        throw new Failure(`move operation does not apply: doc is missing from path: ${op.from}`);
      }
      if (op.path !== undefined && op.path.startsWith(`${op.from}/`)) {
        throw new Failure(
          `move operation does not apply: cannot move ${op.from} into its own child`,
        );
      }
      remove(source.parent, source.key);
      const target = locate(doc, op.path, 'move');
      add(target.parent, target.key, value);
      return;
    }
    case 'copy': {
      if (op.from === undefined) throw new Failure('copy operation, missing from field');
      const source = locate(doc, op.from, 'copy');
      const value = get(source.parent, source.key);
      if (value === undefined) {
        throw new Failure(`copy operation does not apply: doc is missing from path: ${op.from}`);
      }
      const target = locate(doc, op.path, 'copy');
      add(target.parent, target.key, clone(value));
      return;
    }
    case 'test': {
      if (op.path === undefined) throw new Failure('test operation missing path field');
      const tokens = parsePointer(op.path);
      let actual: Json | undefined;
      if (tokens !== undefined && tokens.length === 0) actual = doc;
      else {
        const found = tokens === undefined ? undefined : findParent(doc, tokens);
        actual = found === undefined ? undefined : get(found.parent, found.key);
      }
      const expected = op.hasValue ? (op.value as Json) : null;
      // Like the library the server uses, a missing member tests equal to null.
      if (actual === undefined ? expected !== null : !jsonEqual(actual, expected)) {
        throw new Failure(`testing value ${op.path} failed: test failed`);
      }
      return;
    }
    default:
      throw new Failure(`Unexpected kind: ${op.op}`);
  }
}

/** Applies a JSON patch to a copy of `target`. Throws PatchError (BadRequest or Invalid). */
export function jsonPatch(target: unknown, patch: unknown): Json {
  const ops = decode(patch);
  const doc = clone(target as Json);
  for (const op of ops) {
    try {
      applyOne(doc, op);
    } catch (err) {
      if (err instanceof Failure)
        throw new PatchError('Invalid', NOT_APPLIED, { detail: err.message });
      throw err;
    }
  }
  return doc;
}
