/**
 * `kubectl scale --replicas=N`: reads each object, checks --current-replicas if given, and
 * merge-patches its scale subresource; prints `deployment.apps/x scaled`.
 */
import { EXIT } from '../../common/exit-codes.js';
import { KubeError, usageError } from '../errors.js';
import { dryRunOf, flagInt, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, visitObjects } from './objects.js';

export async function scale(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS.scale);
  const replicas = flagInt(inv, 'replicas');
  if (replicas === undefined) throw usageError('required flag(s) "replicas" not set');
  if (replicas < 0) {
    throw usageError(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
  }
  const dry = dryRunOf(inv);
  const expected = flagInt(inv, 'current-replicas') ?? -1;
  const { objects, errors } = await visitObjects(ctx, { verb: 'scale' });
  let text = '';
  for (const visited of objects) {
    const path = resourcePath(visited.resource, visited.namespace, visited.name, 'scale');
    try {
      if (expected >= 0) {
        const current = await ctx.client.json<{ spec?: { replicas?: number } }>({ path });
        const actual = current.spec?.replicas ?? 0;
        if (actual !== expected) {
          errors.add(`Expected replicas to be ${expected}, was ${actual}`);
          continue;
        }
      }
      if (!dry.client)
        await ctx.client.call({
          method: 'PATCH',
          path,
          query: { dryRun: dry.query },
          body: JSON.stringify({ spec: { replicas } }),
          contentType: 'application/merge-patch+json',
        });
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(error);
      continue;
    }
    text += `${displayName(visited)} scaled${dry.suffix}\n`;
  }
  output.out(text);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}
