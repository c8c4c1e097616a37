/**
 * delete and deletecollection, with the garbage collector's cascade: dependents (by
 * ownerReference) go too unless propagationPolicy is Orphan, and a namespace takes everything
 * in it. Deletion is immediate; there are no finalizers to wait for.
 */
import { RESOURCES } from '../resources.js';
import { resourceKey } from '../storage.js';
import { ApiError, conflict, notFound, successStatus } from '../status.js';
import type { SandboxState } from '../state.js';
import type { KubeObject } from '../types.js';
import { ownedBy } from '../controllers/owners.js';
import { decodeProtobufObject, isProtobuf } from '../server/protobuf.js';
import { isPlainObject } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { selectorFilter, storeKey } from './read.js';
import { isDryRun } from './write.js';

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

interface DeleteOptions {
  propagationPolicy?: string;
  /** dryRun=All, from the query or the DeleteOptions body (kubectl puts it in the body). */
  dryRun: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * The DeleteOptions body, JSON or — as client-go's typed clients send it (helm uninstall does)
 * — protobuf; undefined when there is none.
 */
function decodeOptions(ctx: HandlerContext): unknown {
  if (isProtobuf(ctx.contentType) && ctx.body.length > 0) {
    const decoded = decodeProtobufObject(ctx.body);
    if (decoded.kind !== 'DeleteOptions') {
      throw new ApiError('BadRequest', `expected DeleteOptions, got ${String(decoded.kind)}`);
    }
    return decoded;
  }
  const text = ctx.body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      'BadRequest',
      `error decoding DeleteOptions: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function readOptions(ctx: HandlerContext): DeleteOptions {
  const options: DeleteOptions = { dryRun: isDryRun(ctx.query) };
  const parsed = decodeOptions(ctx);
  if (parsed !== undefined) {
    if (!isPlainObject(parsed)) throw new ApiError('BadRequest', 'DeleteOptions must be an object');
    if (typeof parsed.propagationPolicy === 'string')
      options.propagationPolicy = parsed.propagationPolicy;
    if (isPlainObject(parsed.preconditions))
      options.preconditions = parsed.preconditions as DeleteOptions['preconditions'];
    if (parsed.orphanDependents === true) options.propagationPolicy = 'Orphan';
    if (parsed.dryRun !== undefined) options.dryRun ||= bodyDryRun(parsed.dryRun);
  }
  const fromQuery = ctx.query.get('propagationPolicy');
  if (fromQuery) options.propagationPolicy = fromQuery;
  if (
    options.propagationPolicy &&
    !['Orphan', 'Background', 'Foreground'].includes(options.propagationPolicy)
  ) {
    throw new ApiError(
      'Invalid',
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan", "nil"`,
    );
  }
  return options;
}

/**
 * DeleteOptions.dryRun is a list whose only valid member is "All"; like the API server,
 * anything else is refused rather than ignored (ignoring it would really delete).
 */
function bodyDryRun(value: unknown): boolean {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const item of list) {
    if (item !== 'All') {
      throw new ApiError(
        'BadRequest',
        `DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ${JSON.stringify(item)}: supported values: "All"`,
      );
    }
  }
  return list.length > 0;
}

/** Deletes the dependents of `uid` everywhere (or strips their ownerReference for Orphan). */
function cascade(state: SandboxState, owner: KubeObject, orphan: boolean): void {
  const uid = owner.metadata.uid;
  if (!uid) return;
  for (const def of RESOURCES) {
    const key = resourceKey(def.group, def.resource);
    for (const dependent of state.store.list(key, owner.metadata.namespace)) {
      if (!ownedBy(dependent, uid)) continue;
      if (orphan) {
        dependent.metadata.ownerReferences = (dependent.metadata.ownerReferences ?? []).filter(
          (r) => r.uid !== uid,
        );
        if (dependent.metadata.ownerReferences.length === 0)
          delete dependent.metadata.ownerReferences;
        state.store.update(key, dependent);
      } else {
        removeOne(state, key, dependent, false);
      }
    }
  }
}

function removeOne(
  state: SandboxState,
  key: string,
  object: KubeObject,
  orphan: boolean,
): KubeObject | undefined {
  const removed = state.store.delete(key, object.metadata.namespace, object.metadata.name ?? '');
  if (!removed) return undefined;
  if (object.kind === 'Namespace') {
    const ns = object.metadata.name;
    for (const def of RESOURCES.filter((r) => r.namespaced)) {
      const k = resourceKey(def.group, def.resource);
      for (const inner of state.store.list(k, ns))
        state.store.delete(k, ns, inner.metadata.name ?? '');
    }
  }
  cascade(state, object, orphan);
  return removed;
}

export function handleDelete(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const name = info.name ?? '';
  const options = readOptions(ctx);
  const current = state.store.get(storeKey(def), info.namespace, name);
  if (!current) throw notFound(def, name);
  if (def.kind === 'Namespace' && PROTECTED_NAMESPACES.has(name)) {
    // The API server's NamespaceLifecycle admission refuses these outright.
    throw new ApiError(
      'Forbidden',
      `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      { name, kind: 'namespaces' },
    );
  }
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw new ApiError(
      'Conflict',
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion)
    throw conflict(def, name);
  const details = {
    name,
    kind: def.resource,
    uid: current.metadata.uid,
    ...(def.group ? { group: def.group } : {}),
  };
  // A dry run passes every check a real delete does (above) and then changes nothing: no
  // removal, no cascade, no namespace emptying; the answer is the same Success Status.
  if (options.dryRun) return { code: 200, body: successStatus(details) };
  removeOne(state, storeKey(def), current, options.propagationPolicy === 'Orphan');
  state.settle();
  return { code: 200, body: successStatus(details) };
}

export function handleDeleteCollection(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const options = readOptions(ctx);
  const filter = selectorFilter(def, ctx.query);
  const victims = state.store
    .list(storeKey(def), def.namespaced ? info.namespace : undefined)
    .filter(filter);
  if (!options.dryRun) {
    for (const victim of victims)
      removeOne(state, storeKey(def), victim, options.propagationPolicy === 'Orphan');
    state.settle();
  }
  return {
    code: 200,
    body: {
      kind: `${def.kind}List`,
      apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
      metadata: { resourceVersion: String(state.store.currentRevision) },
      items: victims,
    },
  };
}
