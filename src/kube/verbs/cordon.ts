/** `kubectl cordon|uncordon NODE…` (or -l): sets spec.unschedulable, reporting as kubectl does. */
import { EXIT } from '../../common/exit-codes.js';
import { KubeError, usageError } from '../errors.js';
import { dryRunOf, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, visitObjects } from './objects.js';

async function run(ctx: VerbContext, unschedulable: boolean): Promise<number> {
  const { inv, output } = ctx;
  const verb = unschedulable ? 'cordon' : 'uncordon';
  requireHandled(inv, HANDLED_FLAGS[verb]);
  const dry = dryRunOf(inv);
  if (inv.targets.every((t) => t.names.length === 0) && !inv.selector) {
    throw usageError(`USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  }
  const { objects, errors } = await visitObjects(ctx, { verb });
  let text = '';
  for (const visited of objects) {
    const current =
      ((visited.object.spec ?? {}) as { unschedulable?: boolean }).unschedulable === true;
    if (current === unschedulable) {
      text += `${displayName(visited)} already ${verb}ed\n`;
      continue;
    }
    try {
      if (!dry.client) {
        await ctx.client.call({
          method: 'PATCH',
          path: resourcePath(visited.resource, undefined, visited.name),
          query: { dryRun: dry.query },
          body: JSON.stringify({ spec: { unschedulable: unschedulable ? true : null } }),
          contentType: 'application/strategic-merge-patch+json',
        });
      }
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(error);
      continue;
    }
    text += `${displayName(visited)} ${verb}ed${dry.suffix}\n`;
  }
  output.out(text);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

export const cordon = (ctx: VerbContext): Promise<number> => run(ctx, true);
export const uncordon = (ctx: VerbContext): Promise<number> => run(ctx, false);
