/**
 * `kubectl taint nodes NAME… KEY[=VALUE]:EFFECT… KEY[:EFFECT]-…` (or -l / --all): the node's
 * spec.taints is rebuilt as kubectl's ReorganizeTaints rebuilds it (the new taints first, then
 * the old ones they do not replace, minus the removed ones), sent as a strategic merge patch
 * (taints has no merge key, so the list is replaced whole), and reported as `tainted`,
 * `untainted` or `modified`, as kubectl chooses between them.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
// Pure Go-worded validators; they live with the sandbox, which validates the same names.
import { isQualifiedName, isValidLabelValue } from '../../common/k8s-names.js';
import { KubeError, usageError } from '../errors.js';
import { dryRunOf, flagBool, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, visitObjects } from './objects.js';

/** The flags `taint` implements (besides the global ones). */
export const TAINT_FLAGS = ['selector', 'all', 'overwrite', 'dry-run'] as const;

export interface Taint {
  key: string;
  value?: string;
  effect?: string;
}

/** client-go's regexError joins its examples with ",  or " (two spaces); the sandbox's copy uses one. */
const goWording = (errs: string[]): string => errs.join('; ').replaceAll("', or '", "',  or '");

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** kubectl's spelling of a taint in messages (corev1.Taint.ToString). */
export function taintString(taint: Taint): string {
  const kv = taint.value ? `${taint.key}=${taint.value}` : taint.key;
  if (!taint.effect) return taint.value ? `${kv}:` : kv;
  return `${kv}:${taint.effect}`;
}

/** One KEY[=VALUE][:EFFECT] spec, validated as kubectl's parseTaint validates it. */
function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) {
    key = parts[0] as string;
  } else if (parts.length === 2) {
    effect = parts[1] as string;
    if (!EFFECTS.has(effect))
      throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = (parts[0] as string).split('=');
    if (kv.length > 2) throw new Error(`invalid taint spec: ${spec}`);
    key = kv[0] as string;
    if (kv.length === 2) {
      value = kv[1] as string;
      const errs = isValidLabelValue(value);
      if (errs.length > 0) throw new Error(`invalid taint spec: ${spec}, ${goWording(errs)}`);
    }
  } else {
    throw new Error(`invalid taint spec: ${spec}`);
  }
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw new Error(`invalid taint spec: ${spec}, ${goWording(errs)}`);
  return { key, ...(value ? { value } : {}), ...(effect ? { effect } : {}) };
}

/** kubectl's ParseTaints: additions need an effect and must be unique by key and effect. */
export function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const taint = parseTaint(spec.slice(0, -1));
      remove.push({ key: taint.key, ...(taint.effect ? { effect: taint.effect } : {}) });
      continue;
    }
    const taint = parseTaint(spec);
    if (!taint.effect) throw new Error(`invalid taint spec: ${spec}`);
    if (add.some((t) => t.key === taint.key && t.effect === taint.effect)) {
      // Go's %v of the struct: {Key Value Effect TimeAdded}
      throw new Error(
        `duplicated taints with the same key and effect: {${taint.key} ${taint.value ?? ''} ${taint.effect} <nil>}`,
      );
    }
    add.push(taint);
  }
  return { add, remove };
}

const isTaintArg = (arg: string): boolean =>
  arg.includes('=') || arg.includes(':') || arg.endsWith('-');

/** ReorganizeTaints: the new list, the operation word, and errors for removals that missed. */
export function reorganize(
  old: Taint[],
  add: Taint[],
  remove: Taint[],
  overwrite: boolean,
): { taints: Taint[]; operation: string; errors: string[] } {
  let taints = [...add];
  for (const o of old) {
    if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  }
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    removed = taints.length !== before;
    if (!removed) errors.push(`taint "${taintString(r)}" not found`);
  }
  const operation = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { taints, operation, errors };
}

export async function taint(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, TAINT_FLAGS);
  const dry = dryRunOf(inv);
  const overwrite = flagBool(inv, 'overwrite');
  // args[0] is the type; names come before the first taint argument, taints after it.
  const resources: string[] = [];
  const specs: string[] = [];
  for (const arg of inv.args ?? []) {
    if (specs.length > 0 || isTaintArg(arg)) {
      if (!isTaintArg(arg))
        throw usageError(`all resources must be specified before taint changes: ${arg}`);
      specs.push(arg);
    } else resources.push(arg);
  }
  if (resources.length < 1)
    throw usageError('one or more resources must be specified as <resource> <name>');
  if (specs.length < 1) throw usageError('at least one taint update is required');
  let parsed: { add: Taint[]; remove: Taint[] };
  try {
    parsed = parseTaints(specs);
  } catch (error) {
    throw usageError(
      `${stripControlLine((error as Error).message)}\nSee 'kubectl taint -h' for help and examples`,
    );
  }
  if (inv.all && inv.selector)
    throw usageError("setting 'all' parameter with a non empty selector is prohibited");
  if (!inv.all && !inv.selector && resources.length < 2)
    throw usageError(
      "at least one resource name must be specified since 'all' parameter is not set",
    );
  const conflicts = parsed.add.flatMap((a) =>
    parsed.remove
      .filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect))
      .map((r) => `${r.key}=${r.effect ?? ''}`),
  );
  if (conflicts.length > 0)
    throw usageError(
      `can not both modify and remove the following taint(s) in the same command: ${stripControlLine(conflicts.join(', '))}`,
    );

  const { objects, errors } = await visitObjects(ctx, { verb: 'taint' });
  let text = '';
  for (const visited of objects) {
    const spec = (visited.object.spec ?? {}) as { taints?: Taint[] };
    const old = spec.taints ?? [];
    if (!overwrite) {
      const exists = parsed.add
        .flatMap((a) =>
          old.filter((o) => o.key === a.key && o.effect === a.effect).map(() => a.key),
        )
        .join(',');
      if (exists !== '') {
        errors.add(
          `node ${visited.name} already has ${exists} taint(s) with same effect(s) and --overwrite is false`,
        );
        continue;
      }
    }
    const result = reorganize(old, parsed.add, parsed.remove, overwrite);
    if (result.errors.length > 0) {
      errors.add(
        result.errors.length === 1 ? (result.errors[0] as string) : `[${result.errors.join(', ')}]`,
      );
      continue;
    }
    try {
      if (!dry.client) {
        await ctx.client.call({
          method: 'PATCH',
          path: resourcePath(visited.resource, undefined, visited.name),
          query: { dryRun: dry.query },
          body: JSON.stringify({
            spec: { taints: result.taints.length > 0 ? result.taints : null },
          }),
          contentType: 'application/strategic-merge-patch+json',
        });
      }
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(error);
      continue;
    }
    // kubectl's taint printer has no dry-run suffix.
    text += `${displayName(visited)} ${result.operation}\n`;
  }
  output.out(text);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}
