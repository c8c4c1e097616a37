/**
 * `kubectl drain NODE | -l SEL [--ignore-daemonsets] [--delete-emptydir-data] [--force]
 * [--grace-period N] [--timeout D] [--dry-run]`: cordon, then evict the node's pods through
 * the eviction subresource and wait until each is gone, as kubectl's drain helper does —
 * the same pod filters (DaemonSet, mirror, local storage, unmanaged), warnings and errors.
 *
 * kubectl evicts in parallel goroutines, so the order of its "evicting pod" and "pod/x
 * evicted" lines varies from run to run; iddio prints them in the pod list's order.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, isNotFound, usageError } from '../errors.js';
import { dryRunOf, flagBool, flagDurationMs, flagInt, requireHandled } from '../flags.js';
import type { KubeInvocation } from '../types.js';
import { resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';
import { displayName, visitObjects } from './objects.js';

/** The flags `drain` implements (besides the global ones). */
export const DRAIN_FLAGS = [
  'selector',
  'dry-run',
  'ignore-daemonsets',
  'delete-emptydir-data',
  'force',
  'grace-period',
  'timeout',
] as const;

type Obj = Record<string, unknown>;

interface Pod {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string; controller?: boolean }>;
    deletionTimestamp?: string;
  };
  spec?: { volumes?: Array<{ emptyDir?: unknown }> };
  status?: { phase?: string };
}

type Status = { delete: boolean; warning?: string; error?: string };

const FATAL = {
  daemonSet: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
  localStorage: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)',
  unmanaged: 'cannot delete Pods that declare no controller (use --force to override)',
};
const WARNING = {
  daemonSet: 'ignoring DaemonSet-managed Pods',
  localStorage: 'deleting Pods with local storage',
  unmanaged: 'deleting Pods that declare no controller',
};

interface Options {
  ignoreDaemonSets: boolean;
  deleteEmptyDir: boolean;
  force: boolean;
}

/** kubectl's drain filters, in their order; the first that keeps a pod decides. */
export function podStatus(pod: Pod, options: Options): Status {
  const controller = pod.metadata.ownerReferences?.find((o) => o.controller === true);
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  let status: Status = { delete: true };
  if (controller?.kind === 'DaemonSet') {
    return options.ignoreDaemonSets
      ? { delete: false, warning: WARNING.daemonSet }
      : { delete: false, error: FATAL.daemonSet };
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined)
    return { delete: false };
  if (!terminal && (pod.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined)) {
    if (!options.deleteEmptyDir) return { delete: false, error: FATAL.localStorage };
    status = { delete: true, warning: WARNING.localStorage };
  }
  if (terminal || controller) return status.warning ? status : { delete: true };
  if (!options.force) return { delete: false, error: FATAL.unmanaged };
  return { delete: true, warning: WARNING.unmanaged };
}

/** "msg: ns/a, ns/b" per message (sorted: kubectl's map order is random). */
function grouped(items: Array<{ pod: Pod; text: string }>): string[] {
  const byText = new Map<string, string[]>();
  for (const { pod, text } of items) {
    byText.set(text, [
      ...(byText.get(text) ?? []),
      `${pod.metadata.namespace}/${pod.metadata.name}`,
    ]);
  }
  return [...byText.entries()].sort().map(([text, pods]) => `${text}: ${pods.join(', ')}`);
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** --timeout as a time limit: 0 or negative means none, as kubectl drain reads it. */
function timeoutMs(inv: KubeInvocation): number {
  const ms = flagDurationMs(inv, 'timeout') ?? 0;
  return ms <= 0 ? Number.POSITIVE_INFINITY : ms;
}

/** Evicts one node's pods; returns an error message, or undefined when the node is drained. */
async function drainNode(
  ctx: VerbContext,
  node: string,
  options: Options,
): Promise<string | undefined> {
  const { inv, output } = ctx;
  const dry = dryRunOf(inv);
  const list = await ctx.client.json<{ items?: Pod[] }>({
    path: '/api/v1/pods',
    query: { fieldSelector: `spec.nodeName=${node}` },
  });
  const decided = (list.items ?? []).map((pod) => ({ pod, status: podStatus(pod, options) }));
  const errors = grouped(
    decided
      .filter((d) => d.status.error)
      .map((d) => ({ pod: d.pod, text: d.status.error as string })),
  );
  // kubectl words it "cannot delete <fatal message>: pods" (the message itself starts with it too).
  if (errors.length > 0) return `cannot delete ${errors.join(', ')}`;
  const warnings = grouped(
    decided
      .filter((d) => d.status.warning)
      .map((d) => ({ pod: d.pod, text: d.status.warning as string })),
  );
  if (warnings.length > 0) output.err(`Warning: ${stripControlLine(warnings.join('; '))}\n`);
  const pods = decided.filter((d) => d.status.delete).map((d) => d.pod);
  const label = (pod: Pod): string =>
    `${stripControlLine(pod.metadata.namespace)}/${stripControlLine(pod.metadata.name)}`;
  if (dry.client) {
    output.out(pods.map((pod) => `evicting pod ${label(pod)} (dry run)\n`).join(''));
    return undefined;
  }
  const suffix = dry.query ? ' (server dry run)' : '';
  output.out(pods.map((pod) => `evicting pod ${label(pod)}${suffix}\n`).join(''));
  const grace = flagInt(inv, 'grace-period') ?? -1;
  const deadline = Date.now() + timeoutMs(inv);
  for (const pod of pods) {
    const { name, namespace } = pod.metadata;
    const podPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
    const body: Obj = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } };
    if (grace >= 0) body.deleteOptions = { gracePeriodSeconds: grace };
    if (dry.query) body.deleteOptions = { ...((body.deleteOptions as Obj) ?? {}), dryRun: ['All'] };
    try {
      await ctx.client.json({
        method: 'POST',
        path: `${podPath}/eviction`,
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
    } catch (error) {
      if (isNotFound(error)) continue;
      throw error;
    }
    if (dry.query) continue;
    // Wait until the pod is gone (or replaced by one with another UID), polling every second.
    for (;;) {
      try {
        const current = await ctx.client.json<Pod>({ path: podPath });
        if (current.metadata.uid !== pod.metadata.uid) break;
      } catch (error) {
        if (isNotFound(error)) break;
        throw error;
      }
      if (Date.now() >= deadline || ctx.signal?.aborted)
        return `error when waiting for pod "${name}" in namespace "${namespace}" to terminate: global timeout reached`;
      await sleep(1000, ctx.signal);
    }
    output.out(`pod/${stripControlLine(name)} evicted\n`);
  }
  return undefined;
}

export async function drain(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, DRAIN_FLAGS);
  if (inv.targets.every((t) => t.names.length === 0) && !inv.selector)
    throw usageError(`USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples`);
  const options: Options = {
    ignoreDaemonSets: flagBool(inv, 'ignore-daemonsets'),
    deleteEmptyDir: flagBool(inv, 'delete-emptydir-data'),
    force: flagBool(inv, 'force'),
  };
  const dry = dryRunOf(inv);
  timeoutMs(inv); // pflag rejects a bad duration before anything runs
  const { objects, errors } = await visitObjects(ctx, { verb: 'drain' });
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  // Cordon every node first, as kubectl's RunCordonOrUncordon(true) does.
  for (const visited of objects) {
    const cordoned =
      ((visited.object.spec ?? {}) as { unschedulable?: boolean }).unschedulable === true;
    if (cordoned) {
      output.out(`${displayName(visited)} already cordoned\n`);
      continue;
    }
    if (!dry.client) {
      await ctx.client.call({
        method: 'PATCH',
        path: resourcePath(visited.resource, undefined, visited.name),
        query: { dryRun: dry.query },
        body: JSON.stringify({ spec: { unschedulable: true } }),
        contentType: 'application/strategic-merge-patch+json',
      });
    }
    output.out(`${displayName(visited)} cordoned${dry.suffix}\n`);
  }
  const drained = new Set<string>();
  for (const visited of objects) {
    let failure: string | undefined;
    try {
      failure = await drainNode(ctx, visited.name, options);
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      failure = error.line.replace(/^error: /, '');
    }
    if (failure === undefined) {
      drained.add(visited.name);
      output.out(`${displayName(visited)} drained${dry.suffix}\n`);
      continue;
    }
    const pending = objects
      .filter((o) => !drained.has(o.name))
      .map((o) => ` ${stripControlLine(o.name)}\n`);
    // kubectl prints the failure in its "continuing" line, the pending nodes, then the error
    // again as an aggregate (which CheckErr prints without the "error: " prefix).
    const message = stripControlLine(failure);
    output.err(
      `error: unable to drain node "${stripControlLine(visited.name)}" due to error: ${message}, continuing command...\n`,
    );
    output.err(`There are pending nodes to be drained:\n${pending.join('')}${message}\n`);
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}
