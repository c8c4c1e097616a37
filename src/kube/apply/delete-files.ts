/**
 * `kubectl delete -f/-k`: the objects come from the manifests (kubectl's builder reads no live
 * object first), each placed in its namespace; API errors carry the source file as kubectl's
 * AddSourceToErr words them.
 */
import { ErrorList, KubeError } from '../errors.js';
import type { VerbContext } from '../verbs/context.js';
import type { Visited, VisitResult } from '../verbs/objects.js';
import { readManifests, withSource } from './manifest-objects.js';
import { place } from './target.js';
import { usageError } from '../errors.js';

const sources = new WeakMap<Visited, string>();

export async function visitManifests(ctx: VerbContext): Promise<VisitResult> {
  const bodies = readManifests(ctx.inv, ctx.stdin);
  if (bodies.length === 0) throw usageError('no objects passed to delete');
  const objects: Visited[] = [];
  for (const body of bodies) {
    const p = await place(ctx, body);
    const visited: Visited = {
      resource: p.resource,
      name: p.name,
      namespace: p.namespace,
      object: p.object,
    };
    sources.set(visited, p.source);
    objects.push(visited);
  }
  return { objects, errors: new ErrorList() };
}

/** The API error as kubectl reports it for an object read from a manifest. */
export function deleteError(visited: Visited, error: KubeError): KubeError {
  const source = sources.get(visited);
  return source === undefined ? error : withSource(error, 'deleting', source);
}
