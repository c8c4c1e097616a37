/**
 * The sandbox's PATCH: one entry point for the four patch types the API server accepts. Pure:
 * the target is never mutated; the result is a new object. Errors are PatchError with the
 * reason (and HTTP status) the real server answers with.
 */
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../types.js';
import { serverSideApply } from './apply.js';
import { PatchError } from './errors.js';
import { jsonPatch } from './json-patch.js';
import { isObject, type JsonObject } from './json.js';
import { recordUpdate } from './managed.js';
import { mergePatch } from './merge.js';
import { schemaFor } from './schema.js';
import { strategicMerge } from './strategic.js';

export { PatchError, type PatchErrorCause, type PatchErrorReason } from './errors.js';
export { recordUpdate } from './managed.js';

export type PatchType =
  | 'application/merge-patch+json'
  | 'application/json-patch+json'
  | 'application/strategic-merge-patch+json'
  | 'application/apply-patch+yaml';

export interface PatchContext {
  /** The kind of the target (`Pod`, `Deployment`, ...): selects the keyed lists. */
  kind: string;
  /**
   * The writer. Required for apply. For the other types, when given, the write is recorded in
   * `metadata.managedFields` as an Update by this manager (as the API server does).
   */
  fieldManager?: string;
  /** Apply only: take fields other managers own instead of failing with Conflict. */
  force?: boolean;
  /** The time recorded in managedFields entries; omitted when not given (keeps this pure). */
  now?: Date;
}

/** The body as sent: already-parsed JSON, or the raw text (JSON, or YAML for apply). */
function decodeBody(patch: unknown, type: PatchType): unknown {
  if (typeof patch !== 'string') return patch;
  try {
    return type === 'application/apply-patch+yaml' ? parseYaml(patch) : JSON.parse(patch);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    if (type === 'application/apply-patch+yaml') {
      throw new PatchError('BadRequest', `error decoding YAML: ${reason}`);
    }
    throw new PatchError('BadRequest', `error decoding patch: ${reason}`);
  }
}

function asObject(value: unknown, what: string): KubeObject {
  if (!isObject(value) || !isObject(value.metadata)) {
    throw new PatchError('BadRequest', `${what}: the patched object is not a Kubernetes object`);
  }
  return value as unknown as KubeObject;
}

export function applyPatch(
  target: KubeObject,
  patch: unknown,
  type: PatchType,
  context: PatchContext,
): KubeObject {
  const body = decodeBody(patch, type);
  let result: KubeObject;
  switch (type) {
    case 'application/apply-patch+yaml':
      return serverSideApply(target, body, context);
    case 'application/merge-patch+json':
      if (!isObject(body)) throw new PatchError('BadRequest', 'Invalid JSON Patch');
      result = asObject(mergePatch(target, body), 'merge patch');
      break;
    case 'application/json-patch+json':
      result = asObject(jsonPatch(target, body), 'json patch');
      break;
    case 'application/strategic-merge-patch+json':
      if (!isObject(body)) {
        throw new PatchError(
          'BadRequest',
          'invalid JSON document: a strategic merge patch must be a JSON object',
        );
      }
      result = asObject(
        strategicMerge(target as unknown as JsonObject, body, schemaFor(context.kind)),
        'strategic merge patch',
      );
      break;
    default:
      throw new PatchError('BadRequest', `unknown Content-Type header for patch: ${String(type)}`);
  }
  if (context.fieldManager !== undefined && context.fieldManager !== '') {
    return recordUpdate(target, result, {
      fieldManager: context.fieldManager,
      ...(context.now !== undefined ? { now: context.now } : {}),
    });
  }
  return result;
}
