/**
 * The kubelet's half of a container's end: when a container's main process exits, its status
 * says so. Under restartPolicy Never (or OnFailure with exit 0) it stays Terminated and the pod
 * completes once all its containers have (Succeeded if every exit was 0, else Failed); under
 * Always / OnFailure it is restarted (restartCount + 1, lastState Terminated). An ephemeral
 * container is never restarted.
 */
import { timestamp, type SandboxState } from '../state.js';
import { PODS } from './target.js';

type Obj = Record<string, unknown>;

function terminated(code: number, status: Obj, now: string): Obj {
  const running = ((status.state as Obj | undefined)?.running ?? {}) as Obj;
  return {
    exitCode: code,
    reason: code === 0 ? 'Completed' : 'Error',
    startedAt: running.startedAt ?? now,
    finishedAt: now,
    ...(status.containerID !== undefined ? { containerID: status.containerID } : {}),
  };
}

export function containerExited(
  state: SandboxState,
  namespace: string,
  podName: string,
  uid: string,
  container: string,
  ephemeral: boolean,
  code: number,
): void {
  const pod = state.store.get(PODS, namespace, podName);
  if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return;
  const status = (pod.status ?? {}) as Obj;
  const now = timestamp(state.now());
  const field = ephemeral ? 'ephemeralContainerStatuses' : 'containerStatuses';
  const statuses = (Array.isArray(status[field]) ? status[field] : []) as Obj[];
  const policy = String((pod.spec as Obj | undefined)?.restartPolicy ?? 'Always');
  const restart = !ephemeral && (policy === 'Always' || (policy === 'OnFailure' && code !== 0));
  status[field] = statuses.map((s) => {
    if (s.name !== container) return s;
    const end = terminated(code, s, now);
    if (restart) {
      return {
        ...s,
        restartCount: Number(s.restartCount ?? 0) + 1,
        lastState: { terminated: end },
        state: { running: { startedAt: now } },
      };
    }
    return { ...s, ready: false, started: false, state: { terminated: end } };
  });
  if (!ephemeral && !restart) completeIfDone(status, now);
  pod.status = status;
  state.store.update(PODS, pod);
  state.settle();
}

/** A pod whose every container has terminated has completed. */
function completeIfDone(status: Obj, now: string): void {
  const statuses = (status.containerStatuses ?? []) as Obj[];
  const codes = statuses.map((s) => ((s.state as Obj).terminated as Obj | undefined)?.exitCode);
  if (codes.some((c) => c === undefined)) return;
  status.phase = codes.every((c) => c === 0) ? 'Succeeded' : 'Failed';
  const conditions = (Array.isArray(status.conditions) ? status.conditions : []) as Obj[];
  status.conditions = conditions.map((c) =>
    c.type === 'Ready' || c.type === 'ContainersReady'
      ? { ...c, status: 'False', reason: 'PodCompleted', lastTransitionTime: now }
      : c,
  );
}
