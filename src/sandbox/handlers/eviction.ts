/**
 * pods/eviction (policy/v1 Eviction), which `kubectl drain` uses: the pod is deleted as an
 * eviction would, and its ReplicaSet replaces it elsewhere. PodDisruptionBudgets are stored
 * but not enforced.
 */
import { ApiError, notFound, successStatus } from '../status.js';
import { asKubeObject, parseBody } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { handleDelete } from './delete.js';
import { storeKey } from './read.js';

export function handleEviction(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const name = info.name ?? '';
  const eviction = asKubeObject(parseBody(ctx.body, ctx.contentType), def, 'Eviction', 'policy/v1');
  if (eviction.metadata.name !== undefined && eviction.metadata.name !== name) {
    throw new ApiError('BadRequest', `name in URL does not match name in Eviction object`);
  }
  const pod = state.store.get(storeKey(def), info.namespace, name);
  if (!pod) throw notFound(def, name);
  const options = (eviction as { deleteOptions?: unknown }).deleteOptions;
  const body = Buffer.from(options === undefined ? '' : JSON.stringify(options));
  handleDelete({ ...ctx, body, info: { ...info, subresource: undefined, verb: 'delete' } });
  return { code: 201, body: { ...successStatus({}), metadata: {} } };
}
