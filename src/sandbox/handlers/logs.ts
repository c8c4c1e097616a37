/** GET pods/<name>/log. */
import { pickContainer, readLogOptions, writeLogs } from '../logs.js';
import { notFound } from '../status.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { storeKey } from './read.js';

export function handleLogs(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const key = storeKey(def);
  const pod = state.store.get(key, info.namespace, info.name ?? '');
  if (!pod) throw notFound(def, info.name ?? '');
  const options = readLogOptions(ctx.query);
  const container = String(pickContainer(pod, options).name);
  writeLogs(
    ctx.res,
    pod,
    container,
    options,
    state.now,
    () => state.store.get(key, info.namespace, info.name ?? '')?.metadata.uid === pod.metadata.uid,
  );
  return { streamed: true };
}
