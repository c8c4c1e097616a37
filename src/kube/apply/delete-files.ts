/**
 * `kubectl delete -f/-k`: the objects come from the manifests, each placed in its namespace;
 * API errors carry the source file as kubectl's AddSourceToErr words them. kubectl's builder
 * reads no live object first; iddio reads it (when it exists) only to learn its UID, so that
 * delete's default --wait can wait for that object to disappear as kubectl does.
 */
import { ErrorList, KubeError, usageError } from '../errors.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from '../verbs/context.js';
import type { Obj, Visited, VisitResult } from '../verbs/objects.js';
import { readManifests, withSource } from './manifest-objects.js';
import { emptyNameError, place } from './target.js';

const sources = new WeakMap<Visited, string>();

export async function visitManifests(ctx: VerbContext): Promise<VisitResult> {
  const bodies = readManifests(ctx.inv, ctx.stdin, ctx.manifestIo);
  if (bodies.length === 0) throw usageError('no objects passed to delete');
  const objects: Visited[] = [];
  const errors = new ErrorList();
  for (const body of bodies) {
    const p = await place(ctx, body);
    if (p.name === '') {
      errors.addApi(emptyNameError(p, 'delete'));
      continue;
    }
    let object = p.object;
    const response =
      p.name === ''
        ? undefined
        : await ctx.client.send({
            path: resourcePath(p.resource, p.namespace, p.name),
          });
    if (response && response.status >= 200 && response.status < 300) {
      try {
        object = JSON.parse(response.body.toString('utf8')) as Obj;
      } catch {
        // keep the manifest's object; the DELETE reports what is wrong
      }
    }
    const visited: Visited = { resource: p.resource, name: p.name, namespace: p.namespace, object };
    sources.set(visited, p.source);
    objects.push(visited);
  }
  return { objects, errors };
}

/** The API error as kubectl reports it for an object read from a manifest. */
export function deleteError(visited: Visited, error: KubeError): KubeError {
  const source = sources.get(visited);
  return source === undefined ? error : withSource(error, 'deleting', source);
}
