/**
 * `kubectl wait --for=condition=C[=value] | --for=delete | --for=jsonpath='{…}'[=value]`:
 * polls each object until the condition holds (kubectl watches; the printed lines are the
 * same), `pod/x condition met`, or kubectl's timeout error (default --timeout 30s).
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, usageError } from '../errors.js';
import { flagDurationMs, flagValue, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { findResults, relaxedJsonPath } from '../printers/jsonpath.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, metadataOf, visitObjects, type Obj, type Visited } from './objects.js';

const POLL_MS = 250;

type Condition =
  | { kind: 'delete' }
  | { kind: 'condition'; name: string; value: string }
  | { kind: 'jsonpath'; template: string; value?: string };

export function parseFor(spec: string): Condition {
  if (spec === 'delete') return { kind: 'delete' };
  if (spec.startsWith('condition=')) {
    const rest = spec.slice('condition='.length);
    const eq = rest.indexOf('=');
    return eq < 0
      ? { kind: 'condition', name: rest, value: 'true' }
      : { kind: 'condition', name: rest.slice(0, eq), value: rest.slice(eq + 1) };
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice('jsonpath='.length);
    // The value follows the closing brace: jsonpath='{.status.phase}'=Running.
    // Without braces, the first "=" separates the path from the value.
    const close = rest.includes('}') ? rest.lastIndexOf('}') : rest.indexOf('=') - 1;
    const expression = close >= 0 ? rest.slice(0, close + 1) : rest;
    const after = close >= 0 ? rest.slice(close + 1) : '';
    return {
      kind: 'jsonpath',
      template: relaxedJsonPath(expression),
      value: after.startsWith('=') ? after.slice(1) : undefined,
    };
  }
  throw usageError(`unrecognized condition: ${JSON.stringify(stripControlLine(spec))}`);
}

function met(condition: Condition, object: Obj): boolean {
  if (condition.kind === 'condition') {
    const conditions =
      ((object.status ?? {}) as { conditions?: Array<{ type?: string; status?: string }> })
        .conditions ?? [];
    return conditions.some(
      (c) =>
        (c.type ?? '').toLowerCase() === condition.name.toLowerCase() &&
        (c.status ?? '').toLowerCase() === condition.value.toLowerCase(),
    );
  }
  if (condition.kind === 'jsonpath') {
    const values = findResults(condition.template, object);
    if (condition.value === undefined) return values.length > 0;
    return values.length === 1 && String(values[0]) === condition.value;
  }
  return false;
}

export async function wait(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS.wait);
  const condition = parseFor(flagValue(inv, 'for') ?? '');
  const timeout = flagDurationMs(inv, 'timeout') ?? 30_000;
  const { objects, errors } = await visitObjects(ctx, {
    verb: 'wait',
    ignoreNotFound: condition.kind === 'delete',
  });
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  const deadline = ctx.now() + timeout;
  for (const first of objects) {
    let visited: Visited = first;
    const uid = metadataOf(first.object).uid;
    for (;;) {
      if (condition.kind !== 'delete' && met(condition, visited.object)) break;
      if (ctx.now() >= deadline) {
        throw new KubeError(
          `error: timed out waiting for the condition on ${visited.resource.name}/${stripControlLine(visited.name)}`,
          {
            code: 'api-status',
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const response = await ctx.client.send({
        path: resourcePath(visited.resource, visited.namespace, visited.name),
      });
      if (condition.kind === 'delete') {
        if (response.status === 404) break;
        const current = JSON.parse(response.body.toString('utf8')) as Obj;
        if (metadataOf(current).uid !== uid) break;
        continue;
      }
      if (response.status === 200)
        visited = { ...visited, object: JSON.parse(response.body.toString('utf8')) as Obj };
    }
    output.out(`${displayName(visited)} condition met\n`);
  }
  return EXIT.ok;
}
