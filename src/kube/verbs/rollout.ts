/**
 * `kubectl rollout restart|status|history` for deployments, daemon sets and stateful sets:
 * restart stamps the pod template's restartedAt annotation (strategic merge patch, as kubectl
 * does); status reports with kubectl's status viewers, polling until the rollout is done (or
 * once with --watch=false); history lists the revisions of the owned ReplicaSets. The
 * ReplicaSet helpers at the end are shared with `rollout undo` (rollout-undo.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError } from '../errors.js';
import {
  dryRunOf,
  flagBool,
  flagValue,
  HANDLED_FLAGS,
  notSupported,
  requireHandled,
  flagDurationMs,
} from '../flags.js';
import { formatLabelSelector } from '../describe/writer.js';
import { tabwrite } from '../printers/tabwriter.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, metadataOf, visitObjects, type Obj } from './objects.js';
import { rolloutStatus } from './rollout-status.js';

const RESTARTABLE = new Set(['apps/deployments', 'apps/daemonsets', 'apps/statefulsets']);
const POLL_MS = 500;

/** Go's time.Now().Format(time.RFC3339) in the local zone. */
export function rfc3339Local(ms: number): string {
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const local = new Date(ms + offset * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
  if (offset === 0) return `${local}Z`;
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export async function restart(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS['rollout restart']);
  const dry = dryRunOf(inv);
  const { objects, errors } = await visitObjects(ctx, {
    verb: 'rollout restart',
    requireSelection: false,
  });
  let text = '';
  for (const visited of objects) {
    const key = `${visited.resource.group}/${visited.resource.name}`;
    if (!RESTARTABLE.has(key)) {
      const plural = visited.resource.group
        ? `${visited.resource.name}.${visited.resource.group}`
        : visited.resource.name;
      errors.add(`${plural} "${stripControlLine(visited.name)}" restarting is not supported`);
      continue;
    }
    const spec = (visited.object.spec ?? {}) as { paused?: boolean };
    if (key === 'apps/deployments' && spec.paused) {
      errors.add(
        `${displayName(visited)} can't restart paused deployment (run rollout resume first)`,
      );
      continue;
    }
    const stamp = rfc3339Local(ctx.now());
    const template = (
      (visited.object.spec ?? {}) as {
        template?: { metadata?: { annotations?: Record<string, string> } };
      }
    ).template;
    if (template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] === stamp) {
      // The patch would be empty: kubectl refuses a second restart within the same second.
      errors.add(
        `failed to create patch for ${stripControlLine(visited.name)}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
      );
      continue;
    }
    const patch = {
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': stamp } } },
      },
    };
    try {
      if (!dry.client) {
        await ctx.client.call({
          method: 'PATCH',
          path: resourcePath(visited.resource, visited.namespace, visited.name),
          query: { fieldManager: 'kubectl-rollout', dryRun: dry.query },
          body: JSON.stringify(patch),
          contentType: 'application/strategic-merge-patch+json',
        });
      }
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      errors.addApi(error);
      continue;
    }
    text += `${displayName(visited)} restarted${dry.suffix}\n`;
  }
  output.out(text);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

export async function status(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS['rollout status']);
  if (flagValue(inv, 'revision') !== undefined) throw notSupported('rollout status --revision');
  const watch = flagBool(inv, 'watch', true);
  const timeout = flagDurationMs(inv, 'timeout') ?? 0;
  const { objects, errors } = await visitObjects(ctx, {
    verb: 'rollout status',
    requireSelection: false,
  });
  const deadline = timeout > 0 ? ctx.now() + timeout : Infinity;
  // kubectl reports each object in turn, each until its rollout is done.
  for (const first of objects) {
    let visited = first;
    let last = '';
    for (;;) {
      const { message, done } = rolloutStatus(visited);
      if (message !== last) output.out(`${stripControlLine(message.replace(/\n$/, ''))}\n`);
      last = message;
      if (done || !watch) break;
      if (ctx.now() >= deadline) {
        throw new KubeError('error: timed out waiting for the condition', { code: 'api-status' });
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const object = await ctx.client.json<Obj>({
        path: resourcePath(visited.resource, visited.namespace, visited.name),
      });
      visited = { ...visited, object };
    }
  }
  // Objects that could not be read are reported after the others, as kubectl does.
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

export async function history(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS['rollout history']);
  if (flagValue(inv, 'revision') !== undefined && flagValue(inv, 'revision') !== '0')
    throw notSupported('rollout history --revision');
  const { objects, errors } = await visitObjects(ctx, {
    verb: 'rollout history',
    requireSelection: false,
  });
  let text = '';
  for (const visited of objects) {
    if (`${visited.resource.group}/${visited.resource.name}` !== 'apps/deployments') {
      throw notSupported(`rollout history for ${visited.resource.name}`);
    }
    const revisions = new Map<number, string>();
    for (const rs of await deploymentReplicaSets(ctx, visited.namespace, visited.object)) {
      const annotations = (metadataOf(rs).annotations ?? {}) as Record<string, string>;
      const revision = revisionOf(rs);
      if (revision === undefined) continue;
      revisions.set(revision, annotations['kubernetes.io/change-cause'] || '<none>');
    }
    const lines: string[][] = [['REVISION', 'CHANGE-CAUSE']];
    for (const revision of [...revisions.keys()].sort((a, b) => a - b)) {
      lines.push([String(revision), stripControlLine(revisions.get(revision) ?? '<none>')]);
    }
    text += `${displayName(visited)} \n${tabwrite(lines, { minWidth: 0, padding: 2 })}\n`;
  }
  output.out(text);
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

const HASH_LABEL = 'pod-template-hash';

/**
 * A pod template as Go's semantic equality sees it after decoding: null, {} and [] are the
 * same as absent (a template read back from a sandbox may differ from the API server's only
 * there).
 */
function semantic(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(semantic);
  if (value === null) return undefined;
  if (typeof value !== 'object') return value;
  const out: Obj = {};
  for (const [key, v] of Object.entries(value as Obj)) {
    const s = semantic(v);
    if (s !== undefined) out[key] = s;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** kubectl's equalIgnoreHash: equal pod templates once pod-template-hash is removed. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  const withoutHash = (template: unknown): unknown => {
    const copy = structuredClone((template ?? {}) as Obj);
    const labels = (copy.metadata as Obj | undefined)?.labels as Obj | undefined;
    if (labels) delete labels[HASH_LABEL];
    return semantic(copy);
  };
  return isDeepStrictEqual(withoutHash(a), withoutHash(b));
}

/** deploymentutil.Revision: the revision annotation as ParseInt reads it, or undefined. */
export function revisionOf(rs: Obj): number | undefined {
  const annotations = (metadataOf(rs).annotations ?? {}) as Record<string, unknown>;
  const text = annotations['deployment.kubernetes.io/revision'];
  return typeof text === 'string' && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

const templateOf = (object: Obj): unknown => ((object.spec ?? {}) as Obj).template;

/**
 * deploymentutil.GetAllReplicaSets: the ReplicaSets the deployment controls (listed by its
 * selector, kept by controller UID), the older ones in list order and the one matching the
 * current template (the oldest such) last, the order kubectl walks them in.
 */
export async function deploymentReplicaSets(
  ctx: VerbContext,
  namespace: string | undefined,
  deployment: Obj,
): Promise<Obj[]> {
  const uid = metadataOf(deployment).uid;
  const selector = formatLabelSelector(((deployment.spec ?? {}) as Obj).selector);
  const list = await ctx.client.json<{ items?: Obj[] }>({
    path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace ?? '')}/replicasets`,
    query: { labelSelector: selector === '<none>' ? undefined : selector },
  });
  const owned = (list.items ?? []).filter((rs) => {
    const refs = metadataOf(rs).ownerReferences;
    return (
      Array.isArray(refs) &&
      (refs as Array<{ uid?: unknown; controller?: unknown }>).some(
        (ref) => ref.uid === uid && ref.controller === true,
      )
    );
  });
  const created = (rs: Obj): string => String(metadataOf(rs).creationTimestamp ?? '');
  const name = (rs: Obj): string => String(metadataOf(rs).name ?? '');
  const current = owned
    .filter((rs) => equalIgnoreHash(templateOf(rs), templateOf(deployment)))
    .sort((a, b) =>
      created(a) !== created(b) ? (created(a) < created(b) ? -1 : 1) : name(a) < name(b) ? -1 : 1,
    )[0];
  return current ? [...owned.filter((rs) => rs !== current), current] : owned;
}
