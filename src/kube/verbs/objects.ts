/**
 * The object-visiting part of kubectl's resource builder that mutating verbs share: the
 * objects named on the command line (GET each, NotFound collected), or those a selector /
 * --all picks (LIST), resolved through discovery.
 */
import { stripControlLine } from '../../common/sanitize.js';
import type { ApiResource } from '../discovery.js';
import { ErrorList, KubeError, isNotFound, usageError } from '../errors.js';
import { qualifiedKind, resourcePath } from '../resolve.js';
import { resolveTargets, type VerbContext } from './context.js';

export type Obj = Record<string, unknown>;

export interface Visited {
  resource: ApiResource;
  name: string;
  namespace?: string;
  object: Obj;
}

export function metadataOf(object: Obj): Obj {
  return (object.metadata ?? {}) as Obj;
}

export function displayName(visited: Visited): string {
  return `${qualifiedKind(visited.resource)}/${stripControlLine(visited.name)}`;
}

export interface VisitResult {
  objects: Visited[];
  errors: ErrorList;
}

/** GETs the named objects, or LISTs by selector / --all. `names` overrides the targets' names (pairs removed). */
export async function visitObjects(
  ctx: VerbContext,
  options: {
    verb: string;
    ignoreNotFound?: boolean;
    requireSelection?: boolean;
    isPair?: (name: string) => boolean;
  },
): Promise<VisitResult> {
  const { inv, config } = ctx;
  const objects: Visited[] = [];
  const errors = new ErrorList();
  const all = inv.all === true;
  if (inv.targets.length === 0) {
    throw usageError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  for (const { target, resources } of await resolveTargets(ctx)) {
    const names = target.names.filter((name) => !(options.isPair?.(name) ?? false));
    for (const resource of resources) {
      const namespace = resource.namespaced
        ? inv.allNamespaces
          ? undefined
          : config.namespace
        : undefined;
      if (names.length > 0) {
        if (inv.selector || all)
          throw usageError('name cannot be provided when a selector is specified');
        for (const name of names) {
          try {
            const object = await ctx.client.json<Obj>({
              path: resourcePath(resource, namespace ?? config.namespace, name),
            });
            objects.push({
              resource,
              name,
              namespace: resource.namespaced
                ? String(metadataOf(object).namespace ?? namespace)
                : undefined,
              object,
            });
          } catch (error) {
            if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
            if (!(options.ignoreNotFound && isNotFound(error))) errors.addApi(error);
          }
        }
        continue;
      }
      if (options.requireSelection !== false && !inv.selector && !all && !inv.fieldSelector) {
        throw usageError(`resource(s) were provided, but no name was specified`);
      }
      const list = await ctx.client.json<Obj>({
        path: resourcePath(resource, namespace),
        query: { labelSelector: inv.selector, fieldSelector: inv.fieldSelector },
      });
      const kind = typeof list.kind === 'string' ? list.kind.replace(/List$/, '') : resource.kind;
      for (const item of Array.isArray(list.items) ? (list.items as Obj[]) : []) {
        const metadata = metadataOf(item);
        objects.push({
          resource,
          name: String(metadata.name ?? ''),
          namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
          object: { apiVersion: list.apiVersion, kind, ...item },
        });
      }
    }
  }
  return { objects, errors };
}
