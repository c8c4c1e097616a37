/**
 * create and update (PUT), and the shared path every write takes: defaulting, validation,
 * metadata stamping, resourceVersion preconditions, status-subresource rules, dry run, then
 * the store and the controllers.
 */
import { isDeepStrictEqual } from 'node:util';
import { hashSuffix } from '../names.js';
import { recordUpdate } from '../patch/index.js';
import { resourceKey } from '../storage.js';
import { alreadyExists, ApiError, badRequest, conflict, notFound } from '../status.js';
import { applyCreateDefaults, applyDefaults } from '../defaults.js';
import { validateObject } from '../validate.js';
import { timestamp } from '../state.js';
import type { KubeObject } from '../types.js';
import { asKubeObject, parseBody } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { storeKey } from './read.js';
import { withEphemeral } from './ephemeral.js';

const NAMESPACES = resourceKey('', 'namespaces');
const SERVER_OWNED = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'generation',
  'selfLink',
] as const;

/** The writer recorded in managedFields: ?fieldManager=, else the client's User-Agent product. */
export function fieldManagerOf(ctx: HandlerContext): string {
  const given = ctx.query.get('fieldManager');
  if (given) return given;
  const agent = ctx.req.headers['user-agent'] ?? 'unknown';
  return (agent.split('/')[0] ?? 'unknown').slice(0, 128) || 'unknown';
}

function track(
  ctx: HandlerContext,
  previous: KubeObject | undefined,
  next: KubeObject,
): KubeObject {
  return recordUpdate(previous, next, { fieldManager: fieldManagerOf(ctx), now: ctx.state.now() });
}

export function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

/** Namespaced writes need the namespace to exist and not be going away. */
export function requireNamespace(ctx: HandlerContext, namespace: string | undefined): void {
  if (!ctx.def.namespaced) return;
  const ns = namespace ? ctx.state.store.get(NAMESPACES, undefined, namespace) : undefined;
  if (!ns) {
    throw new ApiError('NotFound', `namespaces "${namespace ?? ''}" not found`, {
      name: namespace,
      kind: 'namespaces',
    });
  }
  if (ns.metadata.deletionTimestamp && ctx.info.verb === 'create') {
    throw new ApiError(
      'Forbidden',
      `${ctx.def.resource} "${ctx.info.name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    );
  }
}

function placeNamespace(ctx: HandlerContext, object: KubeObject): void {
  if (!ctx.def.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  const fromBody = object.metadata.namespace;
  if (
    fromBody !== undefined &&
    fromBody !== '' &&
    ctx.info.namespace !== undefined &&
    fromBody !== ctx.info.namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  object.metadata.namespace = ctx.info.namespace ?? fromBody;
}

function specOf(object: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = object;
  return rest;
}

/** Creates `object` (already parsed) as the resource in ctx; shared by POST and server-side apply. */
export function createObject(ctx: HandlerContext, input: KubeObject): HandlerResult {
  const { def, state } = ctx;
  const object = structuredClone(input);
  placeNamespace(ctx, object);
  requireNamespace(ctx, object.metadata.namespace);
  const meta = object.metadata;
  if (!meta.name && meta.generateName) {
    let n = 0;
    do
      meta.name = `${meta.generateName}${hashSuffix(`${meta.generateName}/${state.store.currentRevision}/${n++}`, 5)}`;
    while (state.store.get(storeKey(def), meta.namespace, meta.name));
  }
  for (const key of SERVER_OWNED) delete meta[key];
  delete meta.resourceVersion;
  applyDefaults(object);
  validateObject(def, object);
  if (state.store.get(storeKey(def), meta.namespace, meta.name ?? ''))
    throw alreadyExists(def, meta.name ?? '');
  meta.uid = state.newUid(`${def.resource}/${meta.namespace ?? ''}/${meta.name}`);
  meta.creationTimestamp = timestamp(state.now());
  applyCreateDefaults(object);
  if (object.spec !== undefined || def.kind === 'Pod') meta.generation = 1;
  if (
    def.subresources.some((s) => s.name === 'status') &&
    def.kind !== 'Namespace' &&
    def.kind !== 'Service'
  ) {
    // Status is the controllers' to write; a created object starts without one.
    if (def.kind !== 'Node') delete object.status;
  }
  if (def.kind === 'Pod') object.status = { phase: 'Pending' };
  const tracked =
    def.kind === 'Event' || ctx.info.verb === 'patch' ? object : track(ctx, undefined, object);
  if (isDryRun(ctx.query)) return { code: 201, body: tracked };
  const stored = state.store.create(storeKey(def), tracked);
  state.settle();
  return { code: 201, body: stored };
}

export function handleCreate(ctx: HandlerContext): HandlerResult {
  // (A POST naming an object in its URL was already refused with 405 by the router.)
  return createObject(ctx, asKubeObject(parseBody(ctx.body, ctx.contentType), ctx.def));
}

/**
 * Writes `next` over the stored `current`: server-owned metadata is kept, resourceVersion
 * must match when given, and status / spec changes are confined to their subresource.
 */
export function replaceObject(
  ctx: HandlerContext,
  current: KubeObject,
  input: KubeObject,
): HandlerResult {
  const { def, info } = ctx;
  const next = structuredClone(input);
  const name = info.name ?? '';
  if (next.metadata.name !== undefined && next.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  next.metadata.name = name;
  placeNamespace(ctx, next);
  const wanted = next.metadata.resourceVersion;
  if (wanted !== undefined && wanted !== '' && wanted !== current.metadata.resourceVersion)
    throw conflict(def, name);
  if (next.metadata.uid !== undefined && next.metadata.uid !== current.metadata.uid) {
    throw new ApiError(
      'Conflict',
      `Precondition failed: UID in precondition: ${next.metadata.uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  const nextMeta = next.metadata as Record<string, unknown>;
  for (const key of SERVER_OWNED) {
    if (current.metadata[key] === undefined) delete nextMeta[key];
    else nextMeta[key] = current.metadata[key];
  }
  const hasStatus = def.subresources.some((s) => s.name === 'status');
  if (info.subresource === 'ephemeralcontainers')
    return persist(ctx, current, withEphemeral(current, next));
  if (info.subresource === 'status' || info.subresource === 'approval') {
    // Only status may change through /status.
    const status = next.status;
    const kept = structuredClone(current);
    kept.status = status;
    kept.metadata = {
      ...kept.metadata,
      labels: next.metadata.labels ?? kept.metadata.labels,
      annotations: next.metadata.annotations ?? kept.metadata.annotations,
    };
    return persist(ctx, current, kept);
  }
  if (hasStatus && def.kind !== 'Node') {
    if (current.status === undefined) delete next.status;
    else next.status = current.status;
  }
  applyDefaults(next);
  validateObject(def, next);
  if (ctx.info.verb === 'update') Object.assign(next, track(ctx, current, next));
  if (next.metadata.generation !== undefined && !isDeepStrictEqual(specOf(next), specOf(current))) {
    next.metadata.generation = (current.metadata.generation ?? 0) + 1;
  }
  return persist(ctx, current, next);
}

function persist(ctx: HandlerContext, current: KubeObject, next: KubeObject): HandlerResult {
  if (isDryRun(ctx.query)) return { code: 200, body: next };
  // An update that changes nothing keeps its resourceVersion, as the API server does.
  const same = isDeepStrictEqual(
    { ...next, metadata: { ...next.metadata, resourceVersion: undefined } },
    { ...current, metadata: { ...current.metadata, resourceVersion: undefined } },
  );
  if (same) return { code: 200, body: current };
  const stored = ctx.state.store.update(storeKey(ctx.def), next);
  ctx.state.settle();
  return {
    code: 200,
    body:
      ctx.state.store.get(
        storeKey(ctx.def),
        stored.metadata.namespace,
        stored.metadata.name ?? '',
      ) ?? stored,
  };
}

export function handleUpdate(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const object = asKubeObject(parseBody(ctx.body, ctx.contentType), def);
  const current = state.store.get(storeKey(def), info.namespace, info.name ?? '');
  if (!current) throw notFound(def, info.name ?? '');
  return replaceObject(ctx, current, object);
}
