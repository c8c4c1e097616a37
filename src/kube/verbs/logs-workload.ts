/**
 * The pods behind a workload for `kubectl logs TYPE/NAME`, as kubectl finds them: the pod
 * selector of the object (SelectorsForObject, with kubectl's errors for kinds without pods),
 * the best pod by ByLogging (or every pod with --all-pods), and a watch for the first pod when
 * none exists yet (--pod-running-timeout).
 */
import { stripControlLine } from '../../common/sanitize.js';
import { goQuote } from '../../kubectl/go-values.js';
import { apiError, KubeError } from '../errors.js';
import type { VerbContext } from './context.js';
import { compareForLogs, podName, type Obj, type Picking, type Pod } from './logs-pods.js';

/** The API groups kubectl's scheme knows: their objects are Go structs (`*v1.Service`), others unstructured. */
const TYPED_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** What %T prints for the object kubectl decoded. */
function goType(kind: { group: string; version: string; kind: string }): string {
  return TYPED_GROUPS.has(kind.group)
    ? `*${kind.version}.${kind.kind}`
    : '*unstructured.Unstructured';
}

const LABEL_SELECTOR_KINDS = new Set([
  'apps/ReplicaSet',
  'extensions/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/Deployment',
  'batch/Job',
]);

interface Requirement {
  key: string;
  text: string;
}

const byKey = (list: Requirement[]): string =>
  list
    .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)))
    .map((r) => r.text)
    .join(',');

const fromSet = (set: Record<string, string>): string =>
  byKey(Object.entries(set).map(([key, value]) => ({ key, text: `${key}=${value}` })));

/** metav1.LabelSelectorAsSelector(…).String(): requirements sorted by key, set values sorted. */
function labelSelectorString(selector: Obj | undefined): string {
  if (!selector) return '';
  const list: Requirement[] = Object.entries(
    (selector.matchLabels ?? {}) as Record<string, string>,
  ).map(([key, value]) => ({ key, text: `${key}=${value}` }));
  for (const expr of (selector.matchExpressions ?? []) as Array<{
    key: string;
    operator: string;
    values?: string[];
  }>) {
    const values = [...(expr.values ?? [])].sort().join(',');
    const op = expr.operator;
    if (op === 'In' || op === 'NotIn')
      list.push({ key: expr.key, text: `${expr.key} ${op === 'In' ? 'in' : 'notin'} (${values})` });
    else if (op === 'Exists') list.push({ key: expr.key, text: expr.key });
    else if (op === 'DoesNotExist') list.push({ key: expr.key, text: `!${expr.key}` });
    else
      throw new Error(
        `invalid label selector: ${goQuote(op)} is not a valid label selector operator`,
      );
  }
  return byKey(list);
}

/**
 * kubectl's SelectorsForObject: the pod selector of a workload or service (as the
 * `labelSelector` string client-go sends); kubectl's error for any other kind.
 */
export function selectorForObject(
  object: Obj,
  kind: { group: string; version: string; kind: string },
): string {
  const spec = (object.spec ?? {}) as Obj;
  const name = String((object.metadata as { name?: string } | undefined)?.name ?? '');
  const fail = (why: string): KubeError =>
    new KubeError(`error: cannot get the logs from ${goType(kind)}: ${stripControlLine(why)}`, {
      code: 'api-status',
    });
  const key = `${kind.group}/${kind.kind}`;
  try {
    if (LABEL_SELECTOR_KINDS.has(key)) return labelSelectorString(spec.selector as Obj | undefined);
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (key === '/ReplicationController')
    return fromSet((spec.selector ?? {}) as Record<string, string>);
  if (key === '/Service') {
    const selector = (spec.selector ?? {}) as Record<string, string>;
    if (Object.keys(selector).length === 0)
      throw fail(`invalid service '${name}': Service is defined without a selector`);
    return fromSet(selector);
  }
  throw fail(`selector for ${goType(kind)} not implemented`);
}

/**
 * kubectl's GetPodList when no pod matches yet: watch from the list's resourceVersion until a
 * pod is added or modified, for --pod-running-timeout.
 */
async function waitForPod(
  ctx: VerbContext,
  path: string,
  query: Record<string, string>,
  timeoutMs: number,
): Promise<Pod | undefined> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  const onAbort = (): void => stop.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let found: Pod | undefined;
  let pending = '';
  try {
    const response = await ctx.client.stream(
      { path, query: { ...query, watch: 'true' } },
      (chunk) => {
        pending += chunk.toString('utf8');
        let cut = pending.indexOf('\n');
        while (cut >= 0 && !found) {
          const line = pending.slice(0, cut).trim();
          pending = pending.slice(cut + 1);
          cut = pending.indexOf('\n');
          if (line === '') continue;
          let event: { type?: string; object?: Pod } = {};
          try {
            event = JSON.parse(line) as typeof event;
          } catch {
            // not an event: kubectl's decoder would end the watch; waiting on is as safe
          }
          if ((event.type === 'ADDED' || event.type === 'MODIFIED') && event.object) {
            found = event.object;
            stop.abort();
          }
        }
      },
      stop.signal,
    );
    if (found) return found;
    // Interrupted: no pod, and the caller exits 130.
    if (ctx.signal?.aborted) return undefined;
    if (stop.signal.aborted)
      throw new KubeError('error: timed out waiting for the condition', { code: 'api-status' });
    if (response.status < 200 || response.status > 299)
      throw apiError(response.status, response.body);
    throw new KubeError('error: watch closed before UntilWithoutRetry timeout', {
      code: 'api-status',
    });
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

/** The pods a workload's logs come from: the best one, or with --all-pods all of them in ByLogging order. */
export async function podsOfWorkload(
  ctx: VerbContext,
  object: Obj,
  kind: { group: string; version: string; kind: string },
  pick: Picking,
): Promise<Pod[]> {
  const selector = selectorForObject(object, kind);
  const namespace = ((object.metadata ?? {}) as { namespace?: string }).namespace ?? '';
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const query: Record<string, string> = selector === '' ? {} : { labelSelector: selector };
  const list = await ctx.client.json<{ items?: Pod[]; metadata?: { resourceVersion?: string } }>({
    path,
    query,
  });
  const pods = [...(list.items ?? [])].sort(compareForLogs);
  const first = pods[0];
  if (!first) {
    const resourceVersion = list.metadata?.resourceVersion ?? '';
    const pod = await waitForPod(ctx, path, { ...query, resourceVersion }, pick.timeoutMs);
    return pod ? [pod] : [];
  }
  if (pods.length === 1) return pods;
  if (pick.allPods) return pods;
  pick.err(`Found ${pods.length} pods, using pod/${stripControlLine(podName(first))}\n`);
  return [first];
}
