/**
 * The gateway's own answers, as Kubernetes `Status` objects, so every client prints them as it
 * prints the API server's: kubectl shows `Error from server (Forbidden): iddio: …`.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'BadRequest'
  | 'RequestEntityTooLarge'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'InternalError';

const CODES: Readonly<Record<StatusReason, number>> = {
  Unauthorized: 401,
  Forbidden: 403,
  BadRequest: 400,
  RequestEntityTooLarge: 413,
  ServiceUnavailable: 503,
  Timeout: 504,
  InternalError: 500,
};

export interface GatewayStatus {
  code: number;
  reason: StatusReason;
  message: string;
}

export function status(reason: StatusReason, message: string): GatewayStatus {
  return { code: CODES[reason], reason, message };
}

function statusBody(answer: GatewayStatus): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: answer.message,
    reason: answer.reason,
    code: answer.code,
  });
}

export function sendStatus(res: ServerResponse, answer: GatewayStatus): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = statusBody(answer);
  res.writeHead(answer.code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** The same answer on a connection that asked to be upgraded (no ServerResponse exists). */
export function sendRawStatus(socket: Duplex, answer: GatewayStatus): void {
  if (socket.destroyed) return;
  const body = statusBody(answer);
  socket.end(
    `HTTP/1.1 ${answer.code} ${answer.reason}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
