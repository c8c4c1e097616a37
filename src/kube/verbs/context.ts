/** What every verb receives, and the resource lookup they share. */
import type { KubeClient } from '../client.js';
import type { ApiResource, DiscoverySource } from '../discovery.js';
import type { SelectedConfig } from '../kubeconfig.js';
import type { Output } from '../output.js';
import { findResource, unknownResource, type ResourceQuery } from '../resolve.js';
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import type { KubectlIo } from '../../kubectl/invocation.js';
import { KubeError } from '../errors.js';
import type { KubeInvocation, KubeTarget } from '../types.js';

export interface VerbContext {
  inv: KubeInvocation;
  client: KubeClient;
  discovery: DiscoverySource;
  config: SelectedConfig;
  output: Output;
  now: () => number;
  stdin?: Buffer;
  /** Where -f/-k manifests are read from (the replay of what was classified). */
  manifestIo?: KubectlIo;
  signal?: AbortSignal;
}

export function queryOf(target: KubeTarget): ResourceQuery {
  // `typed` is exactly what the user wrote ('deploy.v1.apps', 'Pod'); resolve from it so short
  // names and CRDs the parser's vocabulary does not know still resolve against discovery.
  if (target.typed) return { resource: target.typed };
  return {
    resource: target.resource,
    group: target.group === '' && !target.known ? undefined : target.group,
    version: target.version,
  };
}

/**
 * True when the parser expanded a category (`get all`) into this target: the user never typed
 * it. kubectl expands categories from discovery, so a member the server lacks is skipped.
 */
export function fromCategory(ctx: VerbContext, target: KubeTarget): boolean {
  const words = new Set(
    (ctx.inv.args ?? []).flatMap((arg) => arg.split(',')).map((word) => word.split('/')[0]),
  );
  return target.typed !== undefined && !words.has(target.typed);
}

/** Resolves every target; category members the server does not serve are dropped. */
export async function resolveTargets(
  ctx: VerbContext,
): Promise<Array<{ target: KubeTarget; resources: ApiResource[] }>> {
  const out: Array<{ target: KubeTarget; resources: ApiResource[] }> = [];
  for (const target of ctx.inv.targets) {
    try {
      out.push({ target, resources: await resolveTarget(ctx, target) });
    } catch (error) {
      if (!fromCategory(ctx, target)) throw error;
    }
  }
  return out;
}

/**
 * The classifier decided on the (group, resource) the parser's built-in vocabulary gave a
 * known type; discovery must agree, or the command would act on something it was not
 * classified as (a CRD short name shadowing a built-in one, a tampered discovery cache).
 * Disagreement is a refusal, never a quiet switch to what the server says.
 */
function classifiedAs(target: KubeTarget, found: ApiResource): ApiResource {
  if (!target.known || (found.group === target.group && found.name === target.resource)) {
    return found;
  }
  const as = (resource: string, group: string) => (group ? `${resource}.${group}` : resource);
  throw new KubeError(
    `iddio: "${stripControlLine(target.typed)}" means ${as(found.name, found.group)} on this cluster, ` +
      `but it was classified as ${as(target.resource, target.group)}; refusing`,
    { code: 'unknown-resource', exitCode: EXIT.denied },
  );
}

/** Resolves a typed name to resources: one, or several for a category such as "all". */
export async function resolveTarget(ctx: VerbContext, target: KubeTarget): Promise<ApiResource[]> {
  const query = queryOf(target);
  for (let attempt = 0; attempt < 2; attempt++) {
    const discovery = await ctx.discovery.get();
    const found = findResource(discovery, query);
    if (found) return [classifiedAs(target, found)];
    if (!query.group && !query.resource.includes('.')) {
      const name = query.resource.toLowerCase();
      const seen = new Set<string>();
      const members = discovery.resources.filter((resource) => {
        const key = `${resource.group}/${resource.name}`;
        if (resource.name.includes('/') || !resource.categories.includes(name) || seen.has(key))
          return false;
        seen.add(key);
        return true;
      });
      if (members.length > 0) return members;
    }
    if (!(await ctx.discovery.refresh())) break;
  }
  throw unknownResource(query);
}
