/**
 * Where a manifest object goes: its resource (from apiVersion + kind through discovery), its
 * namespace (the object's, else -n / the context's, which kubectl also writes into the object),
 * and the one-line name kubectl prints (`deployment.apps/web`).
 */
import { stripControlLine } from '../../common/sanitize.js';
import type { ApiResource } from '../discovery.js';
import { KubeError } from '../errors.js';
import { qualifiedKind } from '../resolve.js';
import type { VerbContext } from '../verbs/context.js';
import type { ManifestBody, Obj } from './manifest-objects.js';

export interface Placed {
  resource: ApiResource;
  name: string;
  namespace: string | undefined;
  /** The object with its namespace filled in, as kubectl's builder leaves it. */
  object: Obj;
  source: string;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export async function resourceOf(
  ctx: VerbContext,
  kind: string,
  apiVersion: string,
): Promise<ApiResource | undefined> {
  const { group, version } = splitApiVersion(apiVersion);
  for (let attempt = 0; attempt < 2; attempt++) {
    const discovery = await ctx.discovery.get();
    const found = discovery.resources.find(
      (r) => !r.name.includes('/') && r.kind === kind && r.group === group && r.version === version,
    );
    if (found) return found;
    if (!(await ctx.discovery.refresh())) break;
  }
  return undefined;
}

export function metadataOf(object: Obj): Obj {
  const metadata = object.metadata;
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
    ? (metadata as Obj)
    : {};
}

/** Resolves one manifest object; kubectl's mapping and namespace errors are thrown as they word them. */
export async function place(ctx: VerbContext, body: ManifestBody): Promise<Placed> {
  const { object, source } = body;
  const kind = String(object.kind);
  const apiVersion = String(object.apiVersion);
  const metadata = metadataOf(object);
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const given = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const resource = await resourceOf(ctx, kind, apiVersion);
  if (!resource) {
    throw new KubeError(
      stripControlLine(
        `error: resource mapping not found for name: "${name}" namespace: "${given}" from "${source}": no matches for kind "${kind}" in version "${apiVersion}"`,
      ) + '\nensure CRDs are installed first',
      { code: 'unknown-resource' },
    );
  }
  let namespace: string | undefined;
  let placed = object;
  if (resource.namespaced) {
    if (given !== '' && ctx.config.explicitNamespace && given !== ctx.config.namespace) {
      throw new KubeError(
        stripControlLine(
          `error: the namespace from the provided object "${given}" does not match the namespace "${ctx.config.namespace}". You must pass '--namespace=${given}' to perform this operation.`,
        ),
        { code: 'usage' },
      );
    }
    namespace = given !== '' ? given : ctx.config.namespace;
    if (given === '') placed = { ...object, metadata: { ...metadata, namespace } };
  }
  return { resource, name, namespace, object: placed, source };
}

export function printedName(placed: Placed): string {
  return `${qualifiedKind(placed.resource)}/${stripControlLine(placed.name)}`;
}

/** A client-side failure worded by kubectl (possibly several lines), collected like an API error. */
export function clientError(text: string): KubeError {
  return new KubeError(text, { code: 'usage' });
}

/** kubectl's error for an object without a name, which it refuses before any request. */
export function emptyNameError(placed: Placed, verb: 'apply' | 'delete'): KubeError {
  const source = stripControlLine(placed.source);
  if (verb === 'delete')
    return clientError(`error: error when deleting "${source}": resource name may not be empty`);
  const { group, version, name, kind } = placed.resource;
  return clientError(
    [
      'error: error when retrieving current configuration of:',
      `Resource: "${group}/${version}, Resource=${name}", GroupVersionKind: "${group}/${version}, Kind=${kind}"`,
      `Name: "", Namespace: "${stripControlLine(placed.namespace ?? '')}"`,
      `from server for: "${source}": resource name may not be empty`,
    ].join('\n'),
  );
}
