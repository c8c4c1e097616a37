/**
 * metrics.k8s.io/v1beta1, so `kubectl top` works: usage is computed on each read from the
 * running pods, deterministic per pod and container (a hash of their names), and a node's
 * usage is a base load plus its pods'.
 */
import { hashSuffix } from '../names.js';
import { timestamp } from '../state.js';
import { resourceKey } from '../storage.js';
import { notFound } from '../status.js';
import type { KubeObject } from '../types.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { selectorFilter } from './read.js';

const PODS = resourceKey('', 'pods');
const NODES = resourceKey('', 'nodes');
const API_VERSION = 'metrics.k8s.io/v1beta1';

type Obj = Record<string, unknown>;

function seed(text: string): number {
  let n = 0;
  for (const ch of hashSuffix(text, 6)) n = (n * 31 + ch.charCodeAt(0)) % 100_000;
  return n;
}

/** millicores and MiB a container "uses". */
function containerUsage(pod: KubeObject, container: string): { cpu: number; memory: number } {
  const n = seed(`${pod.metadata.namespace}/${pod.metadata.name}/${container}`);
  return { cpu: 1 + (n % 40), memory: 8 + (n % 120) };
}

function running(pod: KubeObject): boolean {
  return (pod.status as Obj | undefined)?.phase === 'Running';
}

function podMetrics(pod: KubeObject, now: string): KubeObject {
  const containers = (((pod.spec as Obj | undefined)?.containers ?? []) as Obj[]).map((c) => {
    const usage = containerUsage(pod, String(c.name));
    return { name: c.name, usage: { cpu: `${usage.cpu}m`, memory: `${usage.memory}Mi` } };
  });
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: now,
      labels: pod.metadata.labels,
    },
    timestamp: now,
    window: '15s',
    containers,
  };
}

function nodeMetrics(node: KubeObject, pods: KubeObject[], now: string): KubeObject {
  let cpu = 120 + (seed(node.metadata.name ?? '') % 80);
  let memory = 700 + (seed(`${node.metadata.name}/mem`) % 300);
  for (const pod of pods.filter(
    (p) => (p.spec as Obj | undefined)?.nodeName === node.metadata.name,
  )) {
    for (const c of ((pod.spec as Obj).containers ?? []) as Obj[]) {
      const usage = containerUsage(pod, String(c.name));
      cpu += usage.cpu;
      memory += usage.memory;
    }
  }
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: { name: node.metadata.name, creationTimestamp: now, labels: node.metadata.labels },
    timestamp: now,
    window: '20s',
    usage: { cpu: `${cpu}m`, memory: `${memory}Mi` },
  };
}

export function handleMetrics(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const now = timestamp(state.now());
  const pods = state.store.list(PODS).filter(running);
  let items: KubeObject[];
  if (def.resource === 'pods') {
    items = pods
      .filter((p) => info.namespace === undefined || p.metadata.namespace === info.namespace)
      .map((p) => podMetrics(p, now));
  } else {
    items = state.store.list(NODES).map((n) => nodeMetrics(n, pods, now));
  }
  if (info.verb === 'get') {
    const found = items.find((i) => i.metadata.name === info.name);
    if (!found) throw notFound(def, info.name ?? '');
    return { code: 200, body: found };
  }
  const filter = selectorFilter(def, ctx.query);
  return {
    code: 200,
    body: {
      kind: `${def.kind}List`,
      apiVersion: API_VERSION,
      metadata: {},
      items: items.filter(filter),
    },
  };
}
