/**
 * StatefulSet and DaemonSet controllers, rollouts finishing at once like Deployments:
 * a StatefulSet keeps pods `<name>-0 … <name>-(n-1)`, a DaemonSet one pod per node whose
 * taints its pods tolerate. A changed template replaces the pods with the new revision
 * (`controller-revision-hash`), and status reports the rollout done, so
 * `kubectl rollout status sts/… | ds/…` returns.
 */
import { isDeepStrictEqual } from 'node:util';
import { hashSuffix, templateHash } from '../names.js';
import { timestamp, type SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';
import type { KubeObject } from '../types.js';
import { controllerRef, isControlledBy } from './owners.js';

const PODS = resourceKey('', 'pods');
const NODES = resourceKey('', 'nodes');
const STS = resourceKey('apps', 'statefulsets');
const DS = resourceKey('apps', 'daemonsets');
const REVISION = 'controller-revision-hash';

type Obj = Record<string, unknown>;

function ready(pod: KubeObject): boolean {
  return (((pod.status as Obj | undefined)?.conditions ?? []) as Obj[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
}

function tolerates(template: Obj, node: KubeObject): boolean {
  const tolerations = (((template.spec ?? {}) as Obj).tolerations ?? []) as Obj[];
  const taints = ((((node.spec ?? {}) as Obj).taints ?? []) as Obj[]).filter(
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  return taints.every((taint) =>
    tolerations.some(
      (t) =>
        (t.operator === 'Exists' && (t.key === undefined || t.key === taint.key)) ||
        (t.key === taint.key && t.value === taint.value),
    ),
  );
}

export class WorkloadController {
  constructor(private readonly state: SandboxState) {}

  run(): boolean {
    let changed = false;
    for (const sts of this.state.store.list(STS)) changed = this.statefulSet(sts) || changed;
    for (const ds of this.state.store.list(DS)) changed = this.daemonSet(ds) || changed;
    return changed;
  }

  private revisionOf(owner: KubeObject): { template: Obj; revision: string } {
    const template = ((owner.spec as Obj | undefined)?.template ?? {}) as Obj;
    return { template, revision: `${owner.metadata.name}-${templateHash(template)}` };
  }

  private pod(
    owner: KubeObject,
    name: string,
    revision: string,
    extraLabels: Record<string, string>,
    nodeName?: string,
  ): KubeObject {
    const template = structuredClone(((owner.spec as Obj | undefined)?.template ?? {}) as Obj);
    const meta = (template.metadata ?? {}) as KubeObject['metadata'];
    const spec = (template.spec ?? {}) as Obj;
    if (nodeName) spec.nodeName = nodeName;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...meta,
        name,
        namespace: owner.metadata.namespace,
        labels: { ...meta.labels, [REVISION]: revision, ...extraLabels },
        uid: this.state.newUid(`pod/${owner.metadata.namespace}/${name}`),
        creationTimestamp: timestamp(this.state.now()),
        generation: 1,
        ownerReferences: [controllerRef(owner)],
      },
      spec,
      status: { phase: 'Pending' },
    };
  }

  /** Deletes owned pods of an old revision or beyond the wanted set; returns the survivors. */
  private prune(
    owner: KubeObject,
    revision: string,
    keep: (pod: KubeObject) => boolean,
  ): { pods: KubeObject[]; changed: boolean } {
    let changed = false;
    const pods: KubeObject[] = [];
    for (const pod of this.state.store
      .list(PODS, owner.metadata.namespace)
      .filter((p) => isControlledBy(p, owner))) {
      if (pod.metadata.labels?.[REVISION] === revision && keep(pod)) pods.push(pod);
      else {
        this.state.store.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? '');
        this.state.recordEvent(
          owner,
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${pod.metadata.name} in ${owner.kind} ${owner.metadata.name} successful`,
          `${owner.kind.toLowerCase()}-controller`,
        );
        changed = true;
      }
    }
    return { pods, changed };
  }

  private create(owner: KubeObject, pod: KubeObject): void {
    this.state.store.create(PODS, pod);
    const what =
      owner.kind === 'StatefulSet'
        ? `create Pod ${pod.metadata.name} in StatefulSet ${owner.metadata.name} successful`
        : `Created pod: ${pod.metadata.name}`;
    this.state.recordEvent(
      owner,
      'Normal',
      'SuccessfulCreate',
      what,
      owner.kind === 'StatefulSet' ? 'statefulset-controller' : 'daemonset-controller',
    );
  }

  private statefulSet(sts: KubeObject): boolean {
    const name = sts.metadata.name ?? '';
    const replicasValue = (sts.spec as Obj | undefined)?.replicas;
    const replicas = typeof replicasValue === 'number' ? replicasValue : 1;
    const { revision } = this.revisionOf(sts);
    const indexOf = (pod: KubeObject): number =>
      Number((pod.metadata.name ?? '').slice(name.length + 1));
    let { pods, changed } = this.prune(sts, revision, (pod) => indexOf(pod) < replicas);
    for (let i = 0; i < replicas; i++) {
      const podName = `${name}-${i}`;
      if (pods.some((p) => p.metadata.name === podName)) continue;
      const pod = this.pod(sts, podName, revision, {
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(i),
      });
      this.create(sts, pod);
      changed = true;
    }
    pods = this.state.store
      .list(PODS, sts.metadata.namespace)
      .filter((p) => isControlledBy(p, sts));
    const readyCount = pods.filter(ready).length;
    return (
      this.writeStatus(STS, sts, {
        observedGeneration: sts.metadata.generation ?? 1,
        replicas: pods.length,
        readyReplicas: readyCount,
        currentReplicas: pods.length,
        updatedReplicas: pods.length,
        availableReplicas: readyCount,
        currentRevision: revision,
        updateRevision: revision,
        collisionCount: 0,
      }) || changed
    );
  }

  private daemonSet(ds: KubeObject): boolean {
    const { template, revision } = this.revisionOf(ds);
    const nodes = this.state.store.list(NODES).filter((n) => tolerates(template, n));
    const nodeNames = new Set(nodes.map((n) => n.metadata.name));
    const nodeOf = (pod: KubeObject): unknown => (pod.spec as Obj | undefined)?.nodeName;
    let { pods, changed } = this.prune(ds, revision, (pod) => nodeNames.has(String(nodeOf(pod))));
    for (const node of nodes) {
      if (pods.some((p) => nodeOf(p) === node.metadata.name)) continue;
      const podName = `${ds.metadata.name}-${hashSuffix(`${ds.metadata.uid}/${node.metadata.name}/${revision}`, 5)}`;
      this.create(
        ds,
        this.pod(
          ds,
          podName,
          revision,
          { 'pod-template-generation': String(ds.metadata.generation ?? 1) },
          node.metadata.name,
        ),
      );
      changed = true;
    }
    pods = this.state.store.list(PODS, ds.metadata.namespace).filter((p) => isControlledBy(p, ds));
    const readyCount = pods.filter(ready).length;
    return (
      this.writeStatus(DS, ds, {
        currentNumberScheduled: pods.length,
        desiredNumberScheduled: nodes.length,
        numberMisscheduled: 0,
        numberReady: readyCount,
        numberAvailable: readyCount,
        updatedNumberScheduled: pods.length,
        observedGeneration: ds.metadata.generation ?? 1,
      }) || changed
    );
  }

  private writeStatus(key: string, owner: KubeObject, status: Obj): boolean {
    if (isDeepStrictEqual(owner.status, status)) return false;
    owner.status = status;
    this.state.store.update(key, owner);
    return true;
  }
}
