/**
 * `kubectl logs POD` and `kubectl logs TYPE/NAME` (deployment, replicaset, statefulset, job,
 * service…: the pod is picked as kubectl picks one). -c, --tail, --since, --since-time,
 * -p/--previous, --timestamps, --limit-bytes. Log text comes from the workload, so terminal
 * control sequences are stripped (newlines and tabs kept) — kubectl prints them raw.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControl, stripControlLine } from '../../common/sanitize.js';
import { KubeError, statusFromResponse, statusOf, usageError } from '../errors.js';
import {
  flagBool,
  flagDurationMs,
  flagInt,
  flagValue,
  notSupported,
  HANDLED_FLAGS,
  requireHandled,
} from '../flags.js';
import { resourcePath } from '../resolve.js';
import { resolveTarget, type VerbContext } from './context.js';

type Obj = Record<string, unknown>;

interface Container {
  name: string;
}

interface Pod {
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec?: {
    nodeName?: string;
    containers?: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
  };
  status?: {
    phase?: string;
    conditions?: Array<{ type?: string; status?: string; lastTransitionTime?: string }>;
    containerStatuses?: Array<{ restartCount?: number }>;
  };
}

const isReady = (pod: Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const readyTime = (pod: Pod): number =>
  Date.parse(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '') ||
  0;
const restarts = (pod: Pod): number =>
  Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/** kubectl's ByLogging order: the best pod to read logs from first. */
export function compareForLogs(a: Pod, b: Pod): number {
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  if (an !== bn && (an === '' || bn === '')) return an !== '' ? -1 : 1;
  const ap = PHASE_RANK[a.status?.phase ?? ''] ?? 0;
  const bp = PHASE_RANK[b.status?.phase ?? ''] ?? 0;
  if (ap !== bp) return ap - bp;
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) {
    // Ready for longer first; a zero time sorts last.
    if (readyTime(a) === 0) return 1;
    if (readyTime(b) === 0) return -1;
    return readyTime(a) - readyTime(b);
  }
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ac = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const bc = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ac !== bc) {
    if (ac === 0) return 1;
    if (bc === 0) return -1;
    return ac - bc;
  }
  return 0;
}

function selectorString(object: Obj): string | undefined {
  const spec = (object.spec ?? {}) as Obj;
  const selector = spec.selector as Obj | undefined;
  if (!selector) return undefined;
  const labels =
    (selector.matchLabels as Record<string, string> | undefined) ??
    (selector.matchExpressions ? undefined : (selector as Record<string, string>));
  if (selector.matchExpressions) return undefined;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}

/** kubectl logs reads its target through a builder whose errors read "error from server … in namespace". */
async function getTarget<T>(ctx: VerbContext, path: string, namespace: string): Promise<T> {
  try {
    return await ctx.client.json<T>({ path });
  } catch (error) {
    const status = statusOf(error);
    if (!status?.reason) throw error;
    throw new KubeError(
      `error: error from server (${stripControlLine(status.reason)}): ${stripControlLine(status.message ?? '')} in namespace "${stripControlLine(namespace)}"`,
      { code: 'api-status' },
    );
  }
}

/** `logs -f`: prints whole lines as they arrive (so no escape sequence is split), until the stream ends or ctx.signal aborts. */
async function follow(
  ctx: VerbContext,
  path: string,
  query: Record<string, string | undefined>,
): Promise<number> {
  let pending = '';
  const response = await ctx.client.stream(
    { path, query, accept: '*/*' },
    (chunk) => {
      pending += chunk.toString('utf8');
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) return;
      ctx.output.out(stripControl(pending.slice(0, cut + 1)));
      pending = pending.slice(cut + 1);
    },
    ctx.signal,
  );
  if (response.status !== 0 && (response.status < 200 || response.status > 299)) {
    const status = statusFromResponse(response.status, response.body);
    throw new KubeError(`error: ${stripControlLine(status.message ?? '')}`, { code: 'api-status' });
  }
  ctx.output.out(stripControl(pending));
  return response.aborted ? EXIT.interrupted : EXIT.ok;
}

export async function logs(ctx: VerbContext): Promise<number> {
  const { inv, output, config } = ctx;
  requireHandled(inv, HANDLED_FLAGS.logs);
  const target = inv.targets[0];
  const names = target?.names ?? [];
  const args = inv.args ?? [];
  if (!target || args.length > 2) {
    throw usageError(
      "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    );
  }
  if (names.length !== 1 || inv.targets.length > 1) {
    throw usageError('expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) after logs');
  }
  const [resource] = await resolveTarget(ctx, target);
  if (!resource)
    throw usageError('expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) after logs');
  const namespace = config.namespace;
  const name = names[0] as string;
  let pod: Pod;
  if (resource.group === '' && resource.name === 'pods') {
    pod = await getTarget<Pod>(ctx, resourcePath(resource, namespace, name), namespace);
  } else {
    const object = await getTarget<Obj>(ctx, resourcePath(resource, namespace, name), namespace);
    const selector = selectorString(object);
    if (!selector) throw notSupported(`logs for ${resource.name} without a matchLabels selector`);
    const list = await ctx.client.json<{ items?: Pod[] }>({
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      query: { labelSelector: selector },
    });
    const pods = [...(list.items ?? [])].sort(compareForLogs);
    const first = pods[0];
    if (!first) {
      throw new KubeError(
        `error: no pods found for ${resource.kind.toLowerCase()}s/${stripControlLine(name)}`,
        { code: 'api-status' },
      );
    }
    if (pods.length > 1)
      output.err(
        `Found ${pods.length} pods, using pod/${stripControlLine(first.metadata?.name ?? '')}\n`,
      );
    pod = first;
  }
  // `kubectl logs POD CONTAINER`: the second argument names the container.
  let container = flagValue(inv, 'container') ?? (args.length === 2 ? args[1] : undefined);
  if (container === undefined || container === '') {
    const containers = pod.spec?.containers ?? [];
    const fromAnnotation = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    const annotated = containers.find((c) => c.name === fromAnnotation);
    if (annotated) container = annotated.name;
    else {
      const first = containers[0];
      if (!first)
        throw new KubeError(
          `error: pod ${stripControlLine(pod.metadata?.namespace ?? '')}/${stripControlLine(pod.metadata?.name ?? '')} does not have any containers`,
          { code: 'api-status' },
        );
      container = first.name;
      if (
        containers.length > 1 ||
        (pod.spec?.initContainers?.length ?? 0) > 0 ||
        (pod.spec?.ephemeralContainers?.length ?? 0) > 0
      ) {
        const all = [
          ...containers.map((c) => c.name),
          ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
          ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
        ];
        output.err(
          `Defaulted container "${stripControlLine(container)}" out of: ${stripControlLine(all.join(', '))}\n`,
        );
      }
    }
  }
  const query: Record<string, string | undefined> = { container };
  if (flagBool(inv, 'previous')) query.previous = 'true';
  const since = flagDurationMs(inv, 'since');
  if (since !== undefined && since !== 0) query.sinceSeconds = String(Math.ceil(since / 1000));
  const sinceTime = flagValue(inv, 'since-time');
  if (sinceTime !== undefined) {
    if (since !== undefined)
      throw usageError('at most one of `sinceTime` or `sinceSeconds` may be specified');
    query.sinceTime = sinceTime;
  }
  if (flagBool(inv, 'timestamps')) query.timestamps = 'true';
  const tail = flagInt(inv, 'tail') ?? -1;
  if (tail !== -1) query.tailLines = String(tail);
  const limit = flagInt(inv, 'limit-bytes') ?? 0;
  if (limit !== 0) query.limitBytes = String(limit);
  const podName = pod.metadata?.name ?? name;
  const podPath = `/api/v1/namespaces/${encodeURIComponent(pod.metadata?.namespace ?? namespace)}/pods/${encodeURIComponent(podName)}/log`;
  if (flagBool(inv, 'follow')) return follow(ctx, podPath, { ...query, follow: 'true' });
  const response = await ctx.client.send({
    path: `/api/v1/namespaces/${encodeURIComponent(pod.metadata?.namespace ?? namespace)}/pods/${encodeURIComponent(podName)}/log`,
    query,
    accept: '*/*',
  });
  if (response.status < 200 || response.status > 299) {
    // The log stream's errors are plain errors to kubectl: "error: <message>".
    const status = statusFromResponse(response.status, response.body);
    throw new KubeError(`error: ${stripControlLine(status.message ?? '')}`, { code: 'api-status' });
  }
  output.out(stripControl(response.body.toString('utf8')));
  return EXIT.ok;
}
