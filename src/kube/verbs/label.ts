/**
 * `kubectl label` and `kubectl annotate`: KEY=VALUE sets, KEY- removes. Each object is read,
 * changed in memory, and sent as the JSON merge patch of the change (what kubectl computes
 * with CreateMergePatch), with kubectl's field manager; the result is reported as
 * `pod/x labeled` / `not labeled` / `unlabeled`, or `pod/x annotated`.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, usageError } from '../errors.js';
import { dryRunOf, flagBool, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, metadataOf, visitObjects } from './objects.js';

type Field = 'labels' | 'annotations';

export const isPair = (arg: string): boolean => arg.includes('=') || arg.endsWith('-');

export function parsePairs(
  args: string[],
  what: string,
): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const arg of args.filter(isPair)) {
    const eq = arg.indexOf('=');
    if (eq >= 0) {
      const key = arg.slice(0, eq);
      if (key === '') throw usageError(`invalid ${what} spec: ${stripControlLine(arg)}`);
      set.set(key, arg.slice(eq + 1));
    } else remove.push(arg.slice(0, -1));
  }
  const both = remove.filter((key) => set.has(key));
  if (both.length > 0) {
    // kubectl words the two commands differently.
    throw usageError(
      what === 'label'
        ? 'can not both modify and remove a label in the same command'
        : `can not both modify and remove the following annotation(s) in the same command: ${stripControlLine(both.join(', '))}`,
    );
  }
  return { set, remove };
}

async function run(ctx: VerbContext, field: Field): Promise<number> {
  const { inv, output } = ctx;
  const verb = field === 'labels' ? 'label' : 'annotate';
  requireHandled(inv, HANDLED_FLAGS[verb]);
  const what = field === 'labels' ? 'label' : 'annotation';
  if (inv.targets.length === 0) {
    throw usageError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
  }
  const { set, remove } = parsePairs(inv.args ?? [], what);
  if (set.size === 0 && remove.length === 0)
    throw usageError(`at least one ${what} update is required`);
  const overwrite = flagBool(inv, 'overwrite');
  const dry = dryRunOf(inv);
  const { objects, errors } = await visitObjects(ctx, { verb, isPair });
  let text = '';
  for (const visited of objects) {
    const metadata = metadataOf(visited.object);
    const current = { ...((metadata[field] ?? {}) as Record<string, string>) };
    const before = JSON.stringify(current);
    if (!overwrite) {
      const clashes = [...set].filter(([key, value]) => key in current && current[key] !== value);
      if (clashes.length > 0) {
        // kubectl aggregates the clashes of one object into one error, and moves on.
        errors.add(
          clashes
            .map(
              ([key]) =>
                `'${key}' already has a value (${current[key] ?? ''}), and --overwrite is false`,
            )
            .join('\n'),
        );
        continue;
      }
    }
    // kubectl 1.32 says so for labels only; removing an absent annotation is silent.
    if (field === 'labels')
      for (const key of remove)
        if (!(key in current)) text += `label "${stripControlLine(key)}" not found.\n`;
    const patch: Record<string, string | null> = {};
    for (const key of remove) {
      if (key in current) {
        patch[key] = null;
        delete current[key];
      }
    }
    for (const [key, value] of set) {
      if (current[key] !== value) patch[key] = value;
      current[key] = value;
    }
    const body =
      Object.keys(patch).length === 0 ? '{}' : JSON.stringify({ metadata: { [field]: patch } });
    try {
      if (!dry.client)
        await ctx.client.call({
          method: 'PATCH',
          path: resourcePath(visited.resource, visited.namespace, visited.name),
          query: { fieldManager: `kubectl-${verb}`, dryRun: dry.query },
          body,
          contentType: 'application/merge-patch+json',
        });
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(error);
      continue;
    }
    const after = JSON.stringify(current);
    let message: string;
    if (field === 'annotations') message = 'annotated';
    else if (before === after) message = 'not labeled';
    else message = !overwrite && after.length < before.length ? 'unlabeled' : 'labeled';
    text += `${displayName(visited)} ${message}${dry.suffix}\n`;
  }
  output.out(text);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

export const label = (ctx: VerbContext): Promise<number> => run(ctx, 'labels');
export const annotate = (ctx: VerbContext): Promise<number> => run(ctx, 'annotations');
