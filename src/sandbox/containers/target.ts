/**
 * Which container a stream request reaches, refused as the API server refuses it before any
 * upgrade: no pod (NotFound), a container not in the pod, no container named in a pod of
 * several, a pod not yet on a node or already completed (BadRequest).
 */
import { resourceKey } from '../storage.js';
import { ApiError, notFound } from '../status.js';
import { findResource } from '../resources.js';
import type { KubeObject } from '../types.js';
import type { ContainerTarget } from '../streams/types.js';
import type { SandboxState } from '../state.js';

export const PODS = resourceKey('', 'pods');

type Obj = Record<string, unknown>;

export interface ResolvedContainer {
  pod: KubeObject;
  name: string;
  spec: Obj;
  ephemeral: boolean;
}

export type StreamKind = 'exec' | 'attach' | 'portforward';

function list(spec: Obj, field: string): Obj[] {
  const value = spec[field];
  return Array.isArray(value) ? (value as Obj[]) : [];
}

export function resolveContainer(
  state: SandboxState,
  target: ContainerTarget,
  kind: StreamKind,
): ResolvedContainer {
  const pod = state.store.get(PODS, target.namespace, target.pod);
  const podsDef = findResource('', 'v1', 'pods');
  if (!pod || !podsDef) throw notFound(podsDef ?? missingDef(), target.pod);
  const spec = (pod.spec ?? {}) as Obj;
  const phase = (pod.status as Obj | undefined)?.phase;
  if (typeof spec.nodeName !== 'string' || spec.nodeName === '') {
    throw new ApiError('BadRequest', `pod ${target.pod} does not have a host assigned`);
  }
  if (phase === 'Succeeded' || phase === 'Failed') {
    const verb =
      kind === 'attach' ? 'attach to' : kind === 'exec' ? 'exec into' : 'port-forward to';
    throw new ApiError(
      'BadRequest',
      `cannot ${verb} a container in a completed pod; current phase is ${String(phase)}`,
    );
  }
  const containers = list(spec, 'containers');
  let name = target.container ?? '';
  if (name === '') {
    const only = containers.length === 1 ? containers[0] : undefined;
    if (!only || kind === 'portforward') {
      if (kind === 'portforward') return { pod, name: '', spec: {}, ephemeral: false };
      const names = containers.map((c) => String(c.name)).join(' ');
      throw new ApiError(
        'BadRequest',
        `a container name must be specified for pod ${target.pod}, choose one of: [${names}]`,
      );
    }
    name = String(only.name);
  }
  const regular = [...containers, ...list(spec, 'initContainers')].find((c) => c.name === name);
  const ephemeral = list(spec, 'ephemeralContainers').find((c) => c.name === name);
  const found = regular ?? ephemeral;
  if (!found) {
    throw new ApiError('BadRequest', `container ${name} is not valid for pod ${target.pod}`);
  }
  if (kind !== 'portforward' && !running(pod, name, ephemeral !== undefined)) {
    // What the kubelet answers for a container that has exited (or not yet started).
    throw new ApiError(
      'BadRequest',
      `unable to upgrade connection: container not found ("${name}")`,
    );
  }
  return { pod, name, spec: found, ephemeral: ephemeral !== undefined };
}

function running(pod: KubeObject, name: string, ephemeral: boolean): boolean {
  const status = (pod.status ?? {}) as Obj;
  const statuses = list(status, ephemeral ? 'ephemeralContainerStatuses' : 'containerStatuses');
  const state = statuses.find((s) => s.name === name)?.state as Obj | undefined;
  return state?.running !== undefined;
}

function missingDef(): never {
  throw new Error('the pods resource is not registered');
}
