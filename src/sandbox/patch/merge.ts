/**
 * JSON merge patch (RFC 7386), what `kubectl patch --type merge` sends: objects merge
 * recursively, `null` deletes a member, anything else (arrays included) replaces.
 */
import { clone, hasOwn, isObject, setKey, type Json } from './json.js';

export function mergePatch(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return clone(patch as Json);
  const result: { [key: string]: Json } = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setKey(result, key, mergePatch(hasOwn(result, key) ? result[key] : undefined, value));
  }
  return result;
}
