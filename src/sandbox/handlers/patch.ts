/**
 * PATCH: picks the patch type from Content-Type, parses the body (YAML for server-side apply),
 * applies it with the patch module, and writes the result through the update path. A
 * server-side apply of a missing object creates it.
 */
import { parse as parseYaml } from 'yaml';
import { applyPatch, type PatchType } from '../patch/index.js';
import { PatchError } from '../patch/errors.js';
import { ApiError, badRequest, notFound } from '../status.js';
import { apiVersionOf } from '../resources.js';
import type { KubeObject } from '../types.js';
import { asKubeObject, checkDepth } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { storeKey } from './read.js';
import { createObject, replaceObject } from './write.js';

const PATCH_TYPES: readonly PatchType[] = [
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

export function patchTypeOf(contentType: string): PatchType {
  const base = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const found = PATCH_TYPES.find((t) => t === base);
  if (!found) {
    throw new ApiError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
    );
  }
  return found;
}

export function parsePatchBody(body: Buffer, type: PatchType): unknown {
  const value = decodePatchBody(body, type);
  checkDepth(value);
  return value;
}

function decodePatchBody(body: Buffer, type: PatchType): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  try {
    if (type === 'application/apply-patch+yaml')
      return parseYaml(text, { maxAliasCount: 100 }) as unknown;
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw badRequest(
      type === 'application/apply-patch+yaml'
        ? `error decoding YAML: ${message}`
        : `error decoding patch: ${message}`,
    );
  }
}

/** Runs the patch module and maps its errors to Status errors. */
export function runPatch(
  target: KubeObject,
  patch: unknown,
  type: PatchType,
  ctx: HandlerContext,
  kind: string,
): KubeObject {
  try {
    return applyPatch(target, patch, type, {
      kind,
      fieldManager: ctx.query.get('fieldManager') ?? undefined,
      force: ctx.query.get('force') === 'true',
      now: ctx.state.now(),
    });
  } catch (error) {
    if (error instanceof PatchError) throw new ApiError(error.reason, error.message);
    throw error;
  }
}

export function handlePatch(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const type = patchTypeOf(ctx.contentType);
  const patch = parsePatchBody(ctx.body, type);
  const name = info.name ?? '';
  const current = state.store.get(storeKey(def), info.namespace, name);
  if (!current) {
    if (type !== 'application/apply-patch+yaml') throw notFound(def, name);
    if (type === 'application/apply-patch+yaml' && ctx.query.get('fieldManager') === null) {
      throw badRequest(
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    const empty: KubeObject = {
      apiVersion: apiVersionOf(def),
      kind: def.kind,
      metadata: { name, namespace: info.namespace },
    };
    const created = asKubeObject(runPatch(empty, patch, type, ctx, def.kind), def);
    created.metadata.name = name;
    return createObject(ctx, created);
  }
  if (type === 'application/apply-patch+yaml' && ctx.query.get('fieldManager') === null) {
    throw badRequest(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const patched = asKubeObject(runPatch(current, patch, type, ctx, def.kind), def);
  return replaceObject(ctx, current, patched);
}
