/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: each object is read, then
 * patched; `patched (no change)` when the server's result equals what was read, as kubectl
 * compares them.
 */
import { isDeepStrictEqual } from 'node:util';
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, usageError } from '../errors.js';
import { dryRunOf, flagValue, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, visitObjects, type Obj } from './objects.js';
import { parse as parseYaml } from 'yaml';

const CONTENT_TYPES: Record<string, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

/** kubectl accepts the patch as JSON or YAML; iddio sends JSON. */
async function patchBody(text: string): Promise<string> {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    try {
      return JSON.stringify(parseYaml(text));
    } catch {
      return text; // the server reports it, as it does to kubectl
    }
  }
}

export async function patch(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS.patch);
  const text = flagValue(inv, 'patch');
  if (text === undefined || text === '')
    throw usageError('must specify --patch or --patch-file containing the contents of the patch');
  const type = flagValue(inv, 'type') ?? 'strategic';
  const contentType = CONTENT_TYPES[type];
  if (!contentType) {
    throw usageError(
      `--type must be one of [json merge strategic], not "${stripControlLine(type)}"`,
    );
  }
  const body = await patchBody(text);
  const dry = dryRunOf(inv);
  const { objects, errors } = await visitObjects(ctx, { verb: 'patch' });
  let out = '';
  for (const visited of objects) {
    let patched: Obj;
    try {
      patched = await ctx.client.json<Obj>({
        method: 'PATCH',
        path: resourcePath(visited.resource, visited.namespace, visited.name),
        query: { fieldManager: 'kubectl-patch', dryRun: dry.client ? 'All' : dry.query },
        body,
        contentType,
      });
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(error);
      continue;
    }
    const changed = !isDeepStrictEqual(
      withKind(visited.object, visited),
      withKind(patched, visited),
    );
    // kubectl's patch message carries no dry-run suffix.
    out += `${displayName(visited)} ${changed ? 'patched' : 'patched (no change)'}\n`;
  }
  output.out(out);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

function withKind(object: Obj, visited: { object: Obj }): Obj {
  return { apiVersion: visited.object.apiVersion, kind: visited.object.kind, ...object };
}
