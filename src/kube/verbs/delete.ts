/**
 * `kubectl delete` by name, by -l selector or --all: each object is read first (as kubectl's
 * builder does), deleted with background propagation, reported as `pod "x" deleted`, and,
 * with the default --wait=true, waited for until the server no longer returns it.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, isNotFound, usageError } from '../errors.js';
import { dryRunOf, flagBool, flagInt, flagValue, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { qualifiedKind, resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { metadataOf, visitObjects, type Visited } from './objects.js';

const WAIT_TIMEOUT_MS = 60_000;

export async function deleteVerb(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS.delete);
  const format = inv.output ?? '';
  if (format !== '' && format !== 'name')
    throw usageError(
      `unexpected -o output mode: ${stripControlLine(format)}. We only support '-o name'`,
    );
  const cascade = flagValue(inv, 'cascade') ?? 'background';
  const policy = {
    background: 'Background',
    true: 'Background',
    foreground: 'Foreground',
    orphan: 'Orphan',
    false: 'Orphan',
  }[cascade];
  if (!policy)
    throw usageError(
      `invalid cascade value (${stripControlLine(cascade)}). Must be "background", "foreground", or "orphan"`,
    );
  let grace = flagInt(inv, 'grace-period') ?? -1;
  if (flagBool(inv, 'now')) {
    if (grace !== -1) throw usageError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  const force = flagBool(inv, 'force');
  if (force && grace > 0) {
    throw usageError('--force and --grace-period greater than 0 cannot be specified together');
  }
  // kubectl: --grace-period=0 without --force becomes 1; --force alone means 0.
  if (grace === 0 && !force) grace = 1;
  if (force && grace === -1) grace = 0;
  if (force && grace === 0) {
    output.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  }
  const ignoreNotFound = flagBool(inv, 'ignore-not-found', inv.all === true);
  // -f/-k: the objects come from the manifests (src/kube/apply/delete-files.ts).
  const fromFiles =
    (inv.filenames?.length ?? 0) > 0 || (inv as { kustomize?: string }).kustomize !== undefined;
  const manifests = fromFiles ? await import('../apply/delete-files.js') : undefined;
  const { objects, errors } = manifests
    ? await manifests.visitManifests(ctx)
    : await visitObjects(ctx, { verb: 'delete', ignoreNotFound });
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (grace !== -1) body.gracePeriodSeconds = grace;
  body.propagationPolicy = policy;
  const dry = dryRunOf(inv);
  if (dry.query) body.dryRun = [dry.query];
  const deleted: Visited[] = [];
  let text = '';
  for (const visited of objects) {
    try {
      if (!dry.client)
        await ctx.client.call({
          method: 'DELETE',
          path: resourcePath(visited.resource, visited.namespace, visited.name),
          body: JSON.stringify(body),
        });
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      if (!(ignoreNotFound && isNotFound(error)))
        errors.addApi(manifests ? manifests.deleteError(visited, error) : error);
      continue;
    }
    deleted.push(visited);
    const kind = qualifiedKind(visited.resource);
    const name = stripControlLine(visited.name);
    const verb = grace === 0 ? 'force deleted' : 'deleted';
    text += format === 'name' ? `${kind}/${name}\n` : `${kind} "${name}" ${verb}${dry.suffix}\n`;
  }
  // Only a selection (-l, --all) that matched nothing says so; missing names are errors instead.
  const bySelection = inv.targets.every((target) => target.names.length === 0);
  if (bySelection && objects.length === 0 && errors.length === 0) text += 'No resources found\n';
  output.out(text);
  if (flagBool(inv, 'wait', true) && !dry.client && !dry.query) await waitForDeletion(ctx, deleted);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

/** Polls each deleted object until it is gone (or replaced by a new object with another uid). */
async function waitForDeletion(ctx: VerbContext, deleted: Visited[]): Promise<void> {
  const deadline = ctx.now() + WAIT_TIMEOUT_MS;
  for (const visited of deleted) {
    const uid = metadataOf(visited.object).uid;
    for (;;) {
      const response = await ctx.client.send({
        path: resourcePath(visited.resource, visited.namespace, visited.name),
      });
      if (response.status === 404) break;
      if (response.status >= 200 && response.status < 300) {
        const current = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
        if (metadataOf(current).uid !== uid) break;
      } else break;
      if (ctx.now() > deadline) {
        throw new KubeError(
          `error: timed out waiting for the condition on ${qualifiedKind(visited.resource)}/${stripControlLine(visited.name)}`,
          {
            code: 'api-status',
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
