/** Dispatches a resource request to its verb's handler, refusing verbs the resource lacks. */
import { isReview } from '../resources.js';
import { ApiError, methodNotAllowed } from '../status.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { handleDelete, handleDeleteCollection } from './delete.js';
import { handleEviction } from './eviction.js';
import { handleTokenRequest } from './token.js';
import { handleLogs } from './logs.js';
import { handleMetrics } from './metrics.js';
import { handlePatch } from './patch.js';
import { handleGet, handleList } from './read.js';
import { handleReview } from './reviews.js';
import { handleScale } from './scale.js';
import { handleWatch } from './watch.js';
import { handleCreate, handleUpdate } from './write.js';

export function handleResource(ctx: HandlerContext): HandlerResult {
  const { def, info } = ctx;
  const sub = info.subresource;
  if (sub !== undefined) {
    const subDef = def.subresources.find((s) => s.name === sub);
    if (!subDef) throw new ApiError('NotFound', 'the server could not find the requested resource');
    if (!subDef.verbs.includes(info.verb)) throw methodNotAllowed();
    if (sub === 'log') return handleLogs(ctx);
    if (sub === 'scale') return handleScale(ctx);
    if (sub === 'eviction') return handleEviction(ctx);
    if (sub === 'token') return handleTokenRequest(ctx);
    // Streams arrive as upgrades (streams/upgrade.ts); a plain request for one is refused.
    if (sub === 'exec' || sub === 'attach' || sub === 'portforward')
      throw new ApiError('BadRequest', 'Upgrade request required');
    if (
      sub === 'status' ||
      sub === 'finalize' ||
      sub === 'approval' ||
      sub === 'ephemeralcontainers'
    ) {
      if (info.verb === 'get') return handleGet(ctx);
      if (info.verb === 'patch') return handlePatch(ctx);
      return handleUpdate(ctx);
    }
    throw methodNotAllowed();
  }
  if (!def.verbs.includes(info.verb)) throw methodNotAllowed();
  if (isReview(def)) return handleReview(ctx);
  if (def.group === 'metrics.k8s.io') return handleMetrics(ctx);
  switch (info.verb) {
    case 'get':
      return handleGet(ctx);
    case 'list':
      return handleList(ctx);
    case 'watch':
      return handleWatch(ctx);
    case 'create':
      return handleCreate(ctx);
    case 'update':
      return handleUpdate(ctx);
    case 'patch':
      return handlePatch(ctx);
    case 'delete':
      return handleDelete(ctx);
    case 'deletecollection':
      return handleDeleteCollection(ctx);
    default:
      throw methodNotAllowed();
  }
}
