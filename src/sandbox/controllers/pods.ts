/**
 * The scheduler and kubelet in one step: a pod without a phase is bound to a node and reported
 * running and ready at once, with the events a real node would record. The sandbox runs no
 * containers; the annotation `sandbox.iddio.dev/restarts` lets a seed give a pod a restart
 * history (so `kubectl logs --previous` has something to show).
 */
import { isDeepStrictEqual } from 'node:util';
import { hashSuffix } from '../names.js';
import { timestamp, type SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';
import type { KubeObject } from '../types.js';

const PODS = resourceKey('', 'pods');
const NODES = resourceKey('', 'nodes');
export const RESTARTS_ANNOTATION = 'sandbox.iddio.dev/restarts';

type Obj = Record<string, unknown>;

function schedulable(node: KubeObject): boolean {
  const spec = (node.spec ?? {}) as Obj;
  if (spec.unschedulable === true) return false;
  const taints = Array.isArray(spec.taints) ? (spec.taints as Obj[]) : [];
  return !taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
}

function nodeIP(node: KubeObject | undefined): string {
  const addresses = ((node?.status as Obj | undefined)?.addresses ?? []) as Obj[];
  const internal = addresses.find((a) => a.type === 'InternalIP');
  return typeof internal?.address === 'string' ? internal.address : '172.18.0.2';
}

function podIP(name: string, nodeIndex: number): string {
  const h = hashSuffix(name, 4);
  let n = 0;
  for (const ch of h) n = (n * 31 + ch.charCodeAt(0)) % 250;
  return `10.244.${nodeIndex}.${n + 2}`;
}

function runningStatus(
  pod: KubeObject,
  node: KubeObject | undefined,
  nodeIndex: number,
  now: string,
): Obj {
  const spec = (pod.spec ?? {}) as Obj;
  const containers = Array.isArray(spec.containers) ? (spec.containers as Obj[]) : [];
  const restarts = Number.parseInt(pod.metadata.annotations?.[RESTARTS_ANNOTATION] ?? '0', 10) || 0;
  const ip = podIP(pod.metadata.name ?? '', nodeIndex);
  const condition = (type: string): Obj => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  return {
    phase: 'Running',
    conditions: [
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ].map(condition),
    hostIP: nodeIP(node),
    hostIPs: [{ ip: nodeIP(node) }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: now,
    qosClass: 'BestEffort',
    containerStatuses: containers.map((c) => {
      const image = String(c.image ?? '');
      const status: Obj = {
        name: c.name,
        state: { running: { startedAt: now } },
        lastState: {},
        ready: true,
        restartCount: restarts,
        image,
        imageID: `${image.split(':')[0]}@sha256:${hashSuffix(image, 12)}`,
        containerID: `containerd://${hashSuffix(`${pod.metadata.name}/${String(c.name)}`, 16)}`,
        started: true,
      };
      if (restarts > 0) {
        status.lastState = {
          terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now },
        };
      }
      return status;
    }),
  };
}

function ownedByJob(pod: KubeObject): boolean {
  return (pod.metadata.ownerReferences ?? []).some(
    (r) => r.kind === 'Job' && r.controller === true,
  );
}

/** A Job's pod has run to completion by the time anyone looks: exit 0, phase Succeeded. */
function completedStatus(status: Obj, now: string): Obj {
  const statuses = (status.containerStatuses ?? []) as Obj[];
  const condition = (type: string, value: string, reason?: string): Obj => ({
    type,
    status: value,
    lastProbeTime: null,
    lastTransitionTime: now,
    ...(reason ? { reason } : {}),
  });
  return {
    ...status,
    phase: 'Succeeded',
    conditions: [
      condition('PodReadyToStartContainers', 'False'),
      condition('Initialized', 'True', 'PodCompleted'),
      condition('Ready', 'False', 'PodCompleted'),
      condition('ContainersReady', 'False', 'PodCompleted'),
      condition('PodScheduled', 'True'),
    ],
    containerStatuses: statuses.map((c) => ({
      ...c,
      ready: false,
      started: false,
      state: {
        terminated: {
          exitCode: 0,
          reason: 'Completed',
          startedAt: now,
          finishedAt: now,
          containerID: c.containerID,
        },
      },
    })),
  };
}

function unschedulable(nodeCount: number, status: Obj, now: string): Obj[] {
  const before = ((status.conditions ?? []) as Obj[]).find((c) => c.type === 'PodScheduled');
  return [
    {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: before?.lastTransitionTime ?? now,
      reason: 'Unschedulable',
      message: `0/${nodeCount} nodes are available: ${nodeCount} node(s) were unschedulable or had untolerated taints.`,
    },
  ];
}

/** Binds and starts pods that are still Pending. Returns true when anything changed. */
export function runPods(state: SandboxState): boolean {
  const nodes = state.store.list(NODES);
  const ready = nodes.filter(schedulable);
  let changed = false;
  for (const pod of state.store.list(PODS)) {
    const status = (pod.status ?? {}) as Obj;
    if (
      (status.phase !== undefined && status.phase !== 'Pending') ||
      pod.metadata.deletionTimestamp
    )
      continue;
    const spec = (pod.spec ?? {}) as Obj;
    const now = timestamp(state.now());
    let nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : undefined;
    if (!nodeName) {
      if (ready.length === 0) {
        // Stays Pending, and says why, as the scheduler would.
        if (!isDeepStrictEqual(status.conditions, unschedulable(nodes.length, status, now))) {
          pod.status = {
            ...status,
            phase: 'Pending',
            conditions: unschedulable(nodes.length, status, now),
          };
          const stored = state.store.update(PODS, pod);
          const message = String(unschedulable(nodes.length, status, now)[0]?.message ?? '');
          state.recordEvent(stored, 'Warning', 'FailedScheduling', message, 'default-scheduler');
          changed = true;
        }
        continue;
      }
      const pick = parseInt(hashSuffix(pod.metadata.name ?? '', 1), 36) % ready.length;
      nodeName = ready[pick]?.metadata.name ?? '';
      spec.nodeName = nodeName;
      pod.spec = spec;
    }
    const nodeIndex = Math.max(
      0,
      nodes.findIndex((n) => n.metadata.name === nodeName),
    );
    const node = nodes[nodeIndex];
    pod.status = ownedByJob(pod)
      ? completedStatus(runningStatus(pod, node, nodeIndex, now), now)
      : runningStatus(pod, node, nodeIndex, now);
    const stored = state.store.update(PODS, pod);
    changed = true;
    const where = `${pod.metadata.namespace}/${pod.metadata.name}`;
    state.recordEvent(
      stored,
      'Normal',
      'Scheduled',
      `Successfully assigned ${where} to ${nodeName}`,
      'default-scheduler',
    );
    const containers = Array.isArray(spec.containers) ? (spec.containers as Obj[]) : [];
    for (const c of containers) {
      const image = String(c.image ?? '');
      state.recordEvent(
        stored,
        'Normal',
        'Pulled',
        `Container image "${image}" already present on machine`,
        `kubelet/${nodeName}`,
      );
      state.recordEvent(
        stored,
        'Normal',
        'Created',
        `Created container: ${String(c.name)}`,
        `kubelet/${nodeName}`,
      );
      state.recordEvent(
        stored,
        'Normal',
        'Started',
        `Started container ${String(c.name)}`,
        `kubelet/${nodeName}`,
      );
    }
  }
  return changed;
}
