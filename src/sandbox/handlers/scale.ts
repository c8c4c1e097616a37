/**
 * The scale subresource (deployments, replicasets, statefulsets): an autoscaling/v1 Scale view
 * of spec.replicas that `kubectl scale` reads and patches.
 */
import { notFound } from '../status.js';
import type { KubeObject } from '../types.js';
import { asKubeObject, parseBody } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { parsePatchBody, patchTypeOf, runPatch } from './patch.js';
import { selectorString } from './selector-string.js';
import { storeKey } from './read.js';
import { replaceObject } from './write.js';

type Obj = Record<string, unknown>;

export function scaleOf(parent: KubeObject): KubeObject {
  const spec = (parent.spec ?? {}) as Obj;
  const status = (parent.status ?? {}) as Obj;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: parent.metadata.name,
      namespace: parent.metadata.namespace,
      uid: parent.metadata.uid,
      resourceVersion: parent.metadata.resourceVersion,
      creationTimestamp: parent.metadata.creationTimestamp,
    },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      selector: selectorString(spec.selector),
    },
  };
}

export function handleScale(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const parent = state.store.get(storeKey(def), info.namespace, info.name ?? '');
  if (!parent) throw notFound(def, info.name ?? '');
  const scale = scaleOf(parent);
  if (info.verb === 'get') return { code: 200, body: scale };
  let next: KubeObject;
  if (info.verb === 'patch') {
    const type = patchTypeOf(ctx.contentType);
    next = asKubeObject(
      runPatch(scale, parsePatchBody(ctx.body, type), type, ctx, 'Scale'),
      def,
      'Scale',
      'autoscaling/v1',
    );
  } else {
    next = asKubeObject(parseBody(ctx.body, ctx.contentType), def, 'Scale', 'autoscaling/v1');
  }
  const replicas = (next.spec as Obj | undefined)?.replicas;
  const updated = structuredClone(parent);
  updated.spec = { ...((parent.spec ?? {}) as Obj), replicas };
  updated.metadata.resourceVersion = next.metadata.resourceVersion;
  const scaleCtx = { ...ctx, info: { ...info, subresource: undefined } };
  const result = replaceObject(scaleCtx, parent, updated);
  if ('streamed' in result) return result;
  return { code: 200, body: scaleOf(result.body as KubeObject) };
}
