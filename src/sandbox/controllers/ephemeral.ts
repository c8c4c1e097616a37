/**
 * The kubelet starting ephemeral containers (`kubectl debug`): each one added to a running pod
 * gets a Running entry in `status.ephemeralContainerStatuses`, with the events a node records.
 */
import { hashSuffix } from '../names.js';
import { timestamp, type SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';

const PODS = resourceKey('', 'pods');

type Obj = Record<string, unknown>;

export function startEphemeralContainers(state: SandboxState): boolean {
  let changed = false;
  for (const pod of state.store.list(PODS)) {
    const spec = (pod.spec ?? {}) as Obj;
    const status = (pod.status ?? {}) as Obj;
    const wanted = Array.isArray(spec.ephemeralContainers)
      ? (spec.ephemeralContainers as Obj[])
      : [];
    if (wanted.length === 0 || status.phase !== 'Running' || pod.metadata.deletionTimestamp)
      continue;
    const statuses = (
      Array.isArray(status.ephemeralContainerStatuses) ? status.ephemeralContainerStatuses : []
    ) as Obj[];
    const missing = wanted.filter((c) => !statuses.some((s) => s.name === c.name));
    if (missing.length === 0) continue;
    const now = timestamp(state.now());
    for (const c of missing) {
      const image = String(c.image ?? '');
      statuses.push({
        name: c.name,
        state: { running: { startedAt: now } },
        lastState: {},
        ready: false,
        restartCount: 0,
        image,
        imageID: `${image.split(':')[0]}@sha256:${hashSuffix(image, 12)}`,
        containerID: `containerd://${hashSuffix(`${pod.metadata.name}/${String(c.name)}`, 16)}`,
      });
    }
    pod.status = { ...status, ephemeralContainerStatuses: statuses };
    const stored = state.store.update(PODS, pod);
    changed = true;
    const node = `kubelet/${String(spec.nodeName ?? '')}`;
    for (const c of missing) {
      const image = String(c.image ?? '');
      const name = String(c.name);
      state.recordEvent(
        stored,
        'Normal',
        'Pulled',
        `Container image "${image}" already present on machine`,
        node,
      );
      state.recordEvent(stored, 'Normal', 'Created', `Created container: ${name}`, node);
      state.recordEvent(stored, 'Normal', 'Started', `Started container ${name}`, node);
    }
  }
  return changed;
}
