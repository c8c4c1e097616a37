/**
 * The Job controller: a Job runs `completions` pods (`parallelism` at a time is not modelled:
 * all at once), the kubelet step reports each one Succeeded, and the Job is marked Complete so
 * `kubectl wait --for=condition=complete` returns. Suspended jobs run nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { hashSuffix } from '../names.js';
import { timestamp, type SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';
import type { KubeObject } from '../types.js';
import { controllerRef, isControlledBy } from './owners.js';

const JOBS = resourceKey('batch', 'jobs');
const PODS = resourceKey('', 'pods');

type Obj = Record<string, unknown>;

function phase(pod: KubeObject): unknown {
  return (pod.status as Obj | undefined)?.phase;
}

export class JobController {
  constructor(private readonly state: SandboxState) {}

  run(): boolean {
    const { store } = this.state;
    let changed = false;
    for (const job of store.list(JOBS)) {
      const spec = (job.spec ?? {}) as Obj;
      const completions = typeof spec.completions === 'number' ? spec.completions : 1;
      const pods = store.list(PODS, job.metadata.namespace).filter((p) => isControlledBy(p, job));
      const succeeded = pods.filter((p) => phase(p) === 'Succeeded').length;
      const active = pods.filter((p) => phase(p) !== 'Succeeded' && phase(p) !== 'Failed').length;
      if (spec.suspend !== true) {
        for (let i = succeeded + active; i < completions; i++) {
          const pod = this.newPod(job, i);
          store.create(PODS, pod);
          this.state.recordEvent(
            job,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
            'job-controller',
          );
          changed = true;
        }
      }
      if (this.writeStatus(job, completions)) changed = true;
    }
    return changed;
  }

  private newPod(job: KubeObject, index: number): KubeObject {
    const jobName = job.metadata.name ?? '';
    const template = structuredClone(((job.spec as Obj | undefined)?.template ?? {}) as Obj);
    const meta = (template.metadata ?? {}) as KubeObject['metadata'];
    let name: string;
    let n = index;
    do name = `${jobName}-${hashSuffix(`${job.metadata.uid}/${n++}`, 5)}`;
    while (this.state.store.get(PODS, job.metadata.namespace, name));
    const labels = {
      ...meta.labels,
      'batch.kubernetes.io/controller-uid': job.metadata.uid ?? '',
      'batch.kubernetes.io/job-name': jobName,
      'controller-uid': job.metadata.uid ?? '',
      'job-name': jobName,
    };
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...meta,
        name,
        generateName: `${jobName}-`,
        namespace: job.metadata.namespace,
        labels,
        uid: this.state.newUid(`pod/${job.metadata.namespace}/${name}`),
        creationTimestamp: timestamp(this.state.now()),
        generation: 1,
        ownerReferences: [controllerRef(job)],
      },
      spec: (template.spec ?? {}) as Obj,
      status: { phase: 'Pending' },
    };
  }

  private writeStatus(job: KubeObject, completions: number): boolean {
    const pods = this.state.store
      .list(PODS, job.metadata.namespace)
      .filter((p) => isControlledBy(p, job));
    const succeeded = pods.filter((p) => phase(p) === 'Succeeded').length;
    const active = pods.filter((p) => phase(p) !== 'Succeeded' && phase(p) !== 'Failed').length;
    const previous = (job.status ?? {}) as Obj;
    const now = timestamp(this.state.now());
    const status: Obj = {
      ...previous,
      startTime: previous.startTime ?? now,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (active > 0) status.active = active;
    else delete status.active;
    if (succeeded > 0) status.succeeded = succeeded;
    if (succeeded >= completions && previous.completionTime === undefined) {
      status.completionTime = now;
      const condition = (type: string, reason: string, message: string): Obj => ({
        type,
        status: 'True',
        lastProbeTime: now,
        lastTransitionTime: now,
        reason,
        message,
      });
      status.conditions = [
        condition(
          'SuccessCriteriaMet',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
        ),
        condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
      ];
      this.state.recordEvent(job, 'Normal', 'Completed', 'Job completed', 'job-controller');
    }
    if (isDeepStrictEqual(previous, status)) return false;
    job.status = status;
    this.state.store.update(JOBS, job);
    return true;
  }
}
