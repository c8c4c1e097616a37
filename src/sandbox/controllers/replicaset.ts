/**
 * The ReplicaSet controller: keeps spec.replicas pods (named `<rs>-<5 chars>`, owned by the
 * ReplicaSet) and reports their count in status. Suffixes come from a per-ReplicaSet counter
 * hashed with the name, so the same history always yields the same pod names.
 */
import { hashSuffix } from '../names.js';
import { type SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';
import type { KubeObject } from '../types.js';
import { controllerRef, isControlledBy } from './owners.js';
import { isDeepStrictEqual } from 'node:util';

const RS = resourceKey('apps', 'replicasets');
const PODS = resourceKey('', 'pods');

type Obj = Record<string, unknown>;

function podReady(pod: KubeObject): boolean {
  const conditions = ((pod.status as Obj | undefined)?.conditions ?? []) as Obj[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export class ReplicaSetController {
  private readonly counters = new Map<string, number>();

  constructor(private readonly state: SandboxState) {}

  run(): boolean {
    let changed = false;
    const { store } = this.state;
    for (const rs of store.list(RS)) {
      if (rs.metadata.deletionTimestamp) continue;
      const spec = (rs.spec ?? {}) as Obj;
      const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
      const pods = store
        .list(PODS, rs.metadata.namespace)
        .filter((p) => isControlledBy(p, rs))
        .sort((a, b) =>
          String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)),
        );
      for (let i = pods.length; i < want; i++) {
        const pod = this.newPod(rs);
        pods.push(store.create(PODS, pod));
        this.state.recordEvent(
          rs,
          'Normal',
          'SuccessfulCreate',
          `Created pod: ${pod.metadata.name}`,
          'replicaset-controller',
        );
        changed = true;
      }
      while (pods.length > want) {
        const victim = pods.pop();
        if (!victim) break;
        store.delete(PODS, victim.metadata.namespace, victim.metadata.name ?? '');
        this.state.recordEvent(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${victim.metadata.name}`,
          'replicaset-controller',
        );
        changed = true;
      }
      const current = store.list(PODS, rs.metadata.namespace).filter((p) => isControlledBy(p, rs));
      const ready = current.filter(podReady).length;
      const status: Obj = {
        replicas: current.length,
        fullyLabeledReplicas: current.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: rs.metadata.generation ?? 1,
      };
      if (ready === 0) {
        delete status.readyReplicas;
        delete status.availableReplicas;
      }
      if (!isDeepStrictEqual(rs.status, status)) {
        rs.status = status;
        store.update(RS, rs);
        changed = true;
      }
    }
    return changed;
  }

  private newPod(rs: KubeObject): KubeObject {
    const { store, now, newUid } = this.state;
    const rsName = rs.metadata.name ?? '';
    let n = this.counters.get(rs.metadata.uid ?? rsName) ?? 0;
    let name: string;
    do {
      name = `${rsName}-${hashSuffix(`${rsName}/${n}`, 5)}`;
      n++;
    } while (store.get(PODS, rs.metadata.namespace, name));
    this.counters.set(rs.metadata.uid ?? rsName, n);
    const template = structuredClone(((rs.spec as Obj | undefined)?.template ?? {}) as Obj);
    const meta = (template.metadata ?? {}) as KubeObject['metadata'];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...meta,
        name,
        generateName: `${rsName}-`,
        namespace: rs.metadata.namespace,
        uid: newUid(`pod/${rs.metadata.namespace}/${name}`),
        creationTimestamp: now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        generation: 1,
        ownerReferences: [controllerRef(rs)],
      },
      spec: (template.spec ?? {}) as Obj,
      status: { phase: 'Pending' },
    };
  }
}
