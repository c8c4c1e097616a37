/**
 * `kubectl set image TYPE/NAME CONTAINER=IMAGE… ('*' for every container)`: a strategic merge
 * patch of the changed containers of the pod template (or of the pod); objects whose images
 * already match are left alone and not reported, as kubectl skips an empty patch.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, usageError } from '../errors.js';
import { dryRunOf, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, visitObjects, type Obj } from './objects.js';

interface Container {
  name: string;
  image?: string;
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}

const isPair = (arg: string): boolean => arg.includes('=');

/** Where the pod spec sits in each kind, and how to wrap a patch of it. */
function podSpecPath(kind: string): string[] | undefined {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  if (
    [
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'ReplicationController',
    ].includes(kind)
  ) {
    return ['spec', 'template', 'spec'];
  }
  return undefined;
}

function dig(object: Obj, path: string[]): PodSpec | undefined {
  let value: unknown = object;
  for (const key of path) value = (value as Obj | undefined)?.[key];
  return value as PodSpec | undefined;
}

function wrap(path: string[], inner: Obj): Obj {
  return path.reduceRight<Obj>((acc, key) => ({ [key]: acc }), inner);
}

export async function setImage(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS['set image']);
  const pairs = (inv.args ?? []).filter(isPair).map((arg) => {
    const eq = arg.indexOf('=');
    return { container: arg.slice(0, eq), image: arg.slice(eq + 1) };
  });
  if (pairs.length === 0) throw usageError('at least one image update is required');
  const dry = dryRunOf(inv);
  const { objects, errors } = await visitObjects(ctx, { verb: 'set image', isPair });
  let text = '';
  for (const visited of objects) {
    const path = podSpecPath(visited.resource.kind);
    const spec = path ? dig(visited.object, path) : undefined;
    if (!path || !spec) {
      errors.add(`${displayName(visited)} does not have a pod template`);
      continue;
    }
    const changed: Record<'containers' | 'initContainers', Container[]> = {
      containers: [],
      initContainers: [],
    };
    let missing: string | undefined;
    for (const { container, image } of pairs) {
      let found = false;
      for (const list of ['initContainers', 'containers'] as const) {
        for (const c of spec[list] ?? []) {
          if (container !== '*' && c.name !== container) continue;
          found = true;
          if (c.image !== image) {
            const already = changed[list].find((x) => x.name === c.name);
            if (already) already.image = image;
            else changed[list].push({ name: c.name, image });
          }
        }
      }
      if (!found && container !== '*') missing ??= container;
    }
    if (missing !== undefined) {
      errors.add(`unable to find container named ${JSON.stringify(stripControlLine(missing))}`);
      continue;
    }
    const inner: Obj = {};
    if (changed.initContainers.length > 0) inner.initContainers = changed.initContainers;
    if (changed.containers.length > 0) inner.containers = changed.containers;
    if (Object.keys(inner).length === 0) continue; // nothing to change: kubectl prints nothing
    try {
      if (!dry.client) {
        await ctx.client.call({
          method: 'PATCH',
          path: resourcePath(visited.resource, visited.namespace, visited.name),
          query: { fieldManager: 'kubectl-set', dryRun: dry.query },
          body: JSON.stringify(wrap(path, inner)),
          contentType: 'application/strategic-merge-patch+json',
        });
      }
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(error);
      continue;
    }
    text += `${displayName(visited)} image updated${dry.suffix}\n`;
  }
  output.out(text);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}
