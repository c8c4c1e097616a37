/** What a resource handler receives, and what it returns. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxUser } from '../auth.js';
import type { ResourceDef } from '../resources.js';
import type { RequestInfo } from '../../kubectl/request-info.js';
import type { SandboxState } from '../state.js';

export interface HandlerContext {
  state: SandboxState;
  info: RequestInfo;
  def: ResourceDef;
  query: URLSearchParams;
  body: Buffer;
  contentType: string;
  accept: string;
  user: SandboxUser;
  req: IncomingMessage;
  res: ServerResponse;
}

/** A JSON reply, or `streamed` when the handler wrote the response itself (watch, log follow). */
export type HandlerResult =
  { code: number; body: unknown; contentType?: string } | { streamed: true };
