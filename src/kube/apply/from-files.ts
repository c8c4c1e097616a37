/**
 * `kubectl create -f` and `kubectl replace -f`: each manifest object is POSTed (`created`) or
 * PUT over the live one (`replaced`; a manifest without resourceVersion takes the live
 * object's, as kubectl's replace does), errors worded with the source file as kubectl's
 * AddSourceToErr words them.
 */
import { EXIT } from '../../common/exit-codes.js';
import { KubeError } from '../errors.js';
import { dryRunOf, notSupported, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import { fieldValidation, MANIFEST_FLAGS, placeAll, requireManifests } from '../verbs/apply.js';
import type { VerbContext } from '../verbs/context.js';
import { withSource, type Obj } from './manifest-objects.js';
import { metadataOf, printedName } from './target.js';

export async function fromFiles(ctx: VerbContext, verb: 'create' | 'replace'): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, MANIFEST_FLAGS);
  const format = inv.output ?? '';
  if (format !== '' && format !== 'name') throw notSupported(`${verb} -f -o ${format}`);
  requireManifests(ctx, verb);
  const dry = dryRunOf(inv);
  const { placed, errors } = await placeAll(ctx, verb);
  const done = verb === 'create' ? 'created' : 'replaced';
  const fieldManager = verb === 'create' ? 'kubectl-create' : 'kubectl-replace';
  for (const p of placed) {
    try {
      if (!dry.client) {
        const query = { fieldManager, fieldValidation: fieldValidation(inv), dryRun: dry.query };
        if (verb === 'create') {
          await ctx.client.json<Obj>({
            method: 'POST',
            path: resourcePath(p.resource, p.namespace),
            query,
            body: JSON.stringify(p.object),
          });
        } else {
          const path = resourcePath(p.resource, p.namespace, p.name);
          let object = p.object;
          const metadata = metadataOf(object);
          if (typeof metadata.resourceVersion !== 'string' || metadata.resourceVersion === '') {
            const current = await ctx.client.json<Obj>({ path });
            object = {
              ...object,
              metadata: { ...metadata, resourceVersion: metadataOf(current).resourceVersion },
            };
          }
          await ctx.client.json<Obj>({ method: 'PUT', path, query, body: JSON.stringify(object) });
        }
      }
      output.out(
        format === 'name' ? `${printedName(p)}\n` : `${printedName(p)} ${done}${dry.suffix}\n`,
      );
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(withSource(error, verb === 'create' ? 'creating' : 'replacing', p.source));
    }
  }
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}
