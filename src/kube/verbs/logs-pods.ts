/**
 * Which pods and containers `kubectl logs` reads, as kubectl's LogsForObject picks them: the
 * best pod of a workload (ByLogging), the default container (annotation, then the first, with
 * kubectl's notes on stderr), every container with --all-containers, every pod with --all-pods.
 */
import { stripControlLine } from '../../common/sanitize.js';
import { goQuote } from '../../kubectl/go-values.js';
import { KubeError } from '../errors.js';

export type Obj = Record<string, unknown>;

export interface Container {
  name: string;
}

export interface Pod {
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

/** One log stream: a container of a pod. */
export interface LogStream {
  namespace: string;
  pod: string;
  container: string;
}

export interface Picking {
  /** -c or the inline CONTAINER argument; '' for the default. */
  container: string;
  allContainers: boolean;
  /** --all-pods: every pod of a workload, without the "Defaulted container" notes. */
  allPods: boolean;
  /** --pod-running-timeout: how long to wait for a workload's first pod. */
  timeoutMs: number;
  err: (text: string) => void;
}

export const podName = (pod: Pod): string => pod.metadata?.name ?? '';
const allContainers = (pod: Pod): Container[] => [
  ...(pod.spec?.containers ?? []),
  ...(pod.spec?.initContainers ?? []),
  ...(pod.spec?.ephemeralContainers ?? []),
];

/** The streams of one pod, as kubectl's LogsForObject picks them (default container, annotation, notes on stderr). */
export function streamsOfPod(pod: Pod, pick: Picking): LogStream[] {
  const namespace = pod.metadata?.namespace ?? '';
  const name = podName(pod);
  if (pick.allContainers) {
    return [
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.ephemeralContainers ?? []),
    ].map((c) => ({ namespace, pod: name, container: c.name }));
  }
  let container = pick.container;
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ?? '';
  if (container === '' && annotated !== '') {
    if (allContainers(pod).some((c) => c.name === annotated)) container = annotated;
    else
      pick.err(
        `Default container name ${stripControlLine(goQuote(annotated))} not found in pod ${stripControlLine(name)}\n`,
      );
  }
  if (container === '') {
    const containers = pod.spec?.containers ?? [];
    const first = containers[0];
    if (!first)
      throw new KubeError(
        `error: pod ${stripControlLine(namespace)}/${stripControlLine(name)} does not have any containers`,
        { code: 'api-status' },
      );
    container = first.name;
    const others =
      containers.length > 1 ||
      (pod.spec?.initContainers?.length ?? 0) > 0 ||
      (pod.spec?.ephemeralContainers?.length ?? 0) > 0;
    if (others && !pick.allPods) {
      const names = [
        ...containers.map((c) => c.name),
        ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
        ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
      ];
      pick.err(
        `Defaulted container ${stripControlLine(goQuote(container))} out of: ${stripControlLine(names.join(', '))}\n`,
      );
    }
  }
  if (!allContainers(pod).some((c) => c.name === container))
    throw new KubeError(
      `error: container ${stripControlLine(container)} is not valid for pod ${stripControlLine(name)}`,
      { code: 'api-status' },
    );
  return [{ namespace, pod: name, container }];
}
