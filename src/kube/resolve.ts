/**
 * Typed resource name → API resource, as kubectl's shortcut expander and priority REST mapper
 * do: short names first, then plural, singular and kind (case-insensitive), optionally
 * qualified as `name.group` or `name.version.group`; the first match in discovery order
 * (core group first, preferred versions first) wins.
 */
import { stripControlLine } from '../common/sanitize.js';
import type { ApiResource, Discovery } from './discovery.js';
import { KubeError } from './errors.js';

export interface ResourceQuery {
  resource: string;
  group?: string;
  version?: string;
}

interface Candidate {
  name: string;
  group?: string;
  version?: string;
}

/** The readings kubectl tries for "a.b.c": resource a in version b of group c, then resource a in group b.c. */
export function candidates(query: ResourceQuery): Candidate[] {
  const name = query.resource.toLowerCase();
  if (query.group !== undefined) return [{ name, group: query.group, version: query.version }];
  const dot = name.indexOf('.');
  if (dot < 0) return [{ name }];
  const head = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  const out: Candidate[] = [];
  const second = rest.indexOf('.');
  if (second > 0)
    out.push({ name: head, version: rest.slice(0, second), group: rest.slice(second + 1) });
  out.push({ name: head, group: rest });
  return out;
}

function matches(resource: ApiResource, candidate: Candidate, byShortName: boolean): boolean {
  if (resource.name.includes('/')) return false;
  if (candidate.group !== undefined && resource.group !== candidate.group) return false;
  if (candidate.version !== undefined && resource.version !== candidate.version) return false;
  if (byShortName) return resource.shortNames.some((s) => s.toLowerCase() === candidate.name);
  return (
    resource.name === candidate.name ||
    resource.singularName.toLowerCase() === candidate.name ||
    resource.kind.toLowerCase() === candidate.name
  );
}

/** Finds the resource, or undefined. Pure. */
export function findResource(discovery: Discovery, query: ResourceQuery): ApiResource | undefined {
  for (const candidate of candidates(query)) {
    for (const byShortName of [true, false]) {
      const found = discovery.resources.find((resource) =>
        matches(resource, candidate, byShortName),
      );
      if (found) return found;
    }
  }
  return undefined;
}

export function unknownResource(query: ResourceQuery): KubeError {
  const typed = query.group ? `${query.resource}.${query.group}` : query.resource;
  return new KubeError(
    `error: the server doesn't have a resource type "${stripControlLine(typed)}"`,
    {
      code: 'unknown-resource',
    },
  );
}

/** kubectl's qualified kind for names and "-o name": "pod", "deployment.apps". */
export function qualifiedKind(resource: ApiResource): string {
  const kind = resource.kind.toLowerCase();
  return resource.group === '' ? kind : `${kind}.${resource.group}`;
}

/** The REST path of a resource collection or object. */
export function resourcePath(
  resource: ApiResource,
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): string {
  const base =
    resource.group === ''
      ? `/api/${resource.version}`
      : `/apis/${resource.group}/${resource.version}`;
  const ns =
    resource.namespaced && namespace !== undefined
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : '';
  const plural = resource.name.split('/')[0] ?? resource.name;
  const object = name !== undefined ? `/${encodeURIComponent(name)}` : '';
  const sub = subresource ? `/${subresource}` : '';
  return `${base}${ns}/${plural}${object}${sub}`;
}
