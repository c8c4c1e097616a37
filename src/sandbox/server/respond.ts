/** Writing JSON and Status replies, safely after a client has gone. */
import type { ServerResponse } from 'node:http';
import { ApiError, statusBody } from '../status.js';

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
): void {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof ApiError) {
    sendJson(res, error.code, error.toStatus());
    return;
  }
  // A bug in the sandbox: answer like the API server's panic handler, never crash.
  const message = error instanceof Error ? error.message : String(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, 500, statusBody('InternalError', 500, `Internal error occurred: ${message}`));
}

export function notFoundPath(res: ServerResponse): void {
  sendJson(
    res,
    404,
    statusBody('NotFound', 404, 'the server could not find the requested resource', {}),
  );
}
