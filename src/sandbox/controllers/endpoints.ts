/**
 * The endpoints controllers: every Service with a selector gets an Endpoints object and an
 * EndpointSlice listing its ready pods, so `kubectl describe service` shows real addresses.
 */
import { isDeepStrictEqual } from 'node:util';
import { hashSuffix } from '../names.js';
import { timestamp, type SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';
import type { KubeObject } from '../types.js';
import { controllerRef } from './owners.js';

const SERVICES = resourceKey('', 'services');
const PODS = resourceKey('', 'pods');
const ENDPOINTS = resourceKey('', 'endpoints');
const SLICES = resourceKey('discovery.k8s.io', 'endpointslices');
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const SLICE_MANAGER = 'endpointslice-controller.k8s.io';
const SERVICE_NAME = 'kubernetes.io/service-name';

type Obj = Record<string, unknown>;

function ready(pod: KubeObject): boolean {
  const status = (pod.status ?? {}) as Obj;
  const conditions = (status.conditions ?? []) as Obj[];
  return (
    typeof status.podIP === 'string' &&
    conditions.some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

function selects(selector: Obj, pod: KubeObject): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The port a service port reaches on a pod: a number, or a named container port. */
function targetPort(port: Obj, pods: KubeObject[]): number {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  for (const pod of pods) {
    for (const c of ((pod.spec as Obj | undefined)?.containers ?? []) as Obj[]) {
      const named = ((c.ports ?? []) as Obj[]).find((p) => p.name === target);
      if (typeof named?.containerPort === 'number') return named.containerPort;
    }
  }
  return typeof port.port === 'number' ? port.port : 0;
}

export class EndpointsController {
  private readonly managed = new Set<string>();

  constructor(private readonly state: SandboxState) {}

  run(): boolean {
    const { store } = this.state;
    let changed = false;
    const wanted = new Set<string>();
    for (const svc of store.list(SERVICES)) {
      const spec = (svc.spec ?? {}) as Obj;
      const selector = spec.selector as Obj | undefined;
      if (!selector || Object.keys(selector).length === 0 || spec.type === 'ExternalName') continue;
      const ns = svc.metadata.namespace;
      const name = svc.metadata.name ?? '';
      wanted.add(`${ns}/${name}`);
      const pods = store.list(PODS, ns).filter((p) => selects(selector, p) && ready(p));
      const ports = ((spec.ports ?? []) as Obj[]).map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: targetPort(p, pods),
        protocol: p.protocol ?? 'TCP',
      }));
      const ref = (pod: KubeObject): Obj => ({
        kind: 'Pod',
        namespace: ns,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      });
      const addresses = pods.map((pod) => ({
        ip: (pod.status as Obj).podIP,
        nodeName: (pod.spec as Obj).nodeName,
        targetRef: ref(pod),
      }));
      const endpoints: Obj = addresses.length > 0 ? { subsets: [{ addresses, ports }] } : {};
      changed =
        this.upsert(ENDPOINTS, svc, name, 'Endpoints', 'v1', endpoints, {
          labels: { ...svc.metadata.labels },
        }) || changed;
      const slice: Obj = {
        addressType: 'IPv4',
        endpoints: pods.map((pod) => ({
          addresses: [(pod.status as Obj).podIP],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: (pod.spec as Obj).nodeName,
          targetRef: ref(pod),
        })),
        ports,
      };
      const sliceName = `${name}-${hashSuffix(`${ns}/${name}`, 5)}`;
      const labels = { ...svc.metadata.labels, [SERVICE_NAME]: name, [MANAGED_BY]: SLICE_MANAGER };
      changed =
        this.upsert(SLICES, svc, sliceName, 'EndpointSlice', 'discovery.k8s.io/v1', slice, {
          labels,
          ownerReferences: [{ ...controllerRef(svc), blockOwnerDeletion: true }],
        }) || changed;
    }
    for (const ep of store.list(ENDPOINTS)) {
      const key = `${ep.metadata.namespace}/${ep.metadata.name}`;
      if (this.managed.has(key) && !wanted.has(key)) {
        store.delete(ENDPOINTS, ep.metadata.namespace, ep.metadata.name ?? '');
        this.managed.delete(key);
        changed = true;
      }
    }
    return changed;
  }

  private upsert(
    key: string,
    svc: KubeObject,
    name: string,
    kind: string,
    apiVersion: string,
    body: Obj,
    meta: Partial<KubeObject['metadata']>,
  ): boolean {
    const { store } = this.state;
    const ns = svc.metadata.namespace;
    const current = store.get(key, ns, name);
    if (key === ENDPOINTS) this.managed.add(`${ns}/${name}`);
    if (current) {
      const { apiVersion: _a, kind: _k, metadata, ...rest } = current;
      if (isDeepStrictEqual(rest, body) && isDeepStrictEqual(metadata.labels, meta.labels))
        return false;
      store.update(key, { apiVersion, kind, metadata: { ...metadata, ...meta }, ...body });
      return true;
    }
    store.create(key, {
      apiVersion,
      kind,
      metadata: {
        name,
        namespace: ns,
        uid: this.state.newUid(`${kind}/${ns}/${name}`),
        creationTimestamp: timestamp(this.state.now()),
        ...meta,
      },
      ...body,
    });
    return true;
  }
}
