/**
 * get and list: selectors, limit/continue, and the three shapes of answer (objects, Tables,
 * partial metadata).
 */
import { toTable } from '../printers/index.js';
import { parseFieldSelector, matchFields } from '../selectors/fields.js';
import { parseLabelSelector, matchLabels } from '../selectors/labels.js';
import { SelectorError } from '../selectors/errors.js';
import { resourceKey } from '../storage.js';
import { ApiError, badRequest, notFound } from '../status.js';
import { apiVersionOf, type ResourceDef } from '../resources.js';
import { tableVersion, wantsPartialMetadata } from '../server/negotiate.js';
import type { KubeObject } from '../types.js';
import type { HandlerContext, HandlerResult } from './context.js';

export function storeKey(def: ResourceDef): string {
  return resourceKey(def.group, def.resource);
}

/** Selector errors are the API server's 400s. */
export function selectorFilter(
  def: ResourceDef,
  query: URLSearchParams,
): (object: KubeObject) => boolean {
  try {
    const labelText = query.get('labelSelector') ?? '';
    const fieldText = query.get('fieldSelector') ?? '';
    const labels = labelText.trim() === '' ? undefined : parseLabelSelector(labelText);
    const fields = fieldText.trim() === '' ? undefined : parseFieldSelector(fieldText, def.kind);
    return (object) =>
      (labels === undefined || matchLabels(labels, object.metadata.labels)) &&
      (fields === undefined || matchFields(fields, object));
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

function continueToken(revision: number, lastKey: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start: lastKey }),
  ).toString('base64url');
}

function readContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      rv?: unknown;
      start?: unknown;
    };
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string')
      return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through to the API server's own message
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function sortKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}\u0000${object.metadata.name ?? ''}`;
}

function includeObject(query: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const value = query.get('includeObject');
  if (value === 'None' || value === 'Object') return value;
  return 'Metadata';
}

function partial(object: KubeObject, version: string): KubeObject {
  return {
    apiVersion: `meta.k8s.io/${version}`,
    kind: 'PartialObjectMetadata',
    metadata: object.metadata,
  };
}

export function handleGet(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const object = state.store.get(storeKey(def), info.namespace, info.name ?? '');
  if (!object) throw notFound(def, info.name ?? '');
  const table = tableVersion(ctx.accept);
  if (table) {
    const body = toTable(def.kind, def.group, [object], {
      includeObject: includeObject(ctx.query),
      now: state.now(),
    });
    return { code: 200, body: { ...body, apiVersion: `meta.k8s.io/${table}` } };
  }
  const meta = wantsPartialMetadata(ctx.accept);
  return { code: 200, body: meta ? partial(object, meta) : object };
}

export function handleList(ctx: HandlerContext): HandlerResult {
  const { def, info, state, query } = ctx;
  const filter = selectorFilter(def, query);
  let items = state.store
    .list(storeKey(def), def.namespaced ? info.namespace : undefined)
    .filter(filter);
  let revision = state.store.currentRevision;
  const token = query.get('continue');
  if (token) {
    const { rv, start } = readContinue(token);
    revision = rv;
    items = items.filter((o) => sortKey(o) > start);
  }
  const limitText = query.get('limit');
  const limit = limitText === null ? 0 : Number.parseInt(limitText, 10);
  if (limitText !== null && (!Number.isFinite(limit) || limit < 0)) {
    throw new ApiError('BadRequest', `invalid limit: ${limitText}`);
  }
  const listMeta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = {
    resourceVersion: String(revision),
  };
  if (limit > 0 && items.length > limit) {
    const rest = items.length - limit;
    items = items.slice(0, limit);
    const last = items[items.length - 1];
    if (last) listMeta.continue = continueToken(revision, sortKey(last));
    listMeta.remainingItemCount = rest;
  }
  const table = tableVersion(ctx.accept);
  if (table) {
    const body = toTable(def.kind, def.group, items, {
      includeObject: includeObject(query),
      now: state.now(),
      listMeta: { resourceVersion: listMeta.resourceVersion, continue: listMeta.continue },
    });
    return { code: 200, body: { ...body, apiVersion: `meta.k8s.io/${table}` } };
  }
  const meta = wantsPartialMetadata(ctx.accept);
  if (meta) {
    return {
      code: 200,
      body: {
        apiVersion: `meta.k8s.io/${meta}`,
        kind: 'PartialObjectMetadataList',
        metadata: listMeta,
        items: items.map((o) => partial(o, meta)),
      },
    };
  }
  return {
    code: 200,
    body: { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: listMeta, items },
  };
}
