/**
 * Reads a request body whole (writes are decided on their objects), up to a limit: a larger
 * one is refused with 413 before it is read to the end. A slow client is cut off by the
 * server's own request timeout.
 */
import type { IncomingMessage } from 'node:http';
import { status, type GatewayStatus } from './status.js';

export class BodyError extends Error {
  constructor(readonly status: GatewayStatus) {
    super(status.message);
  }
}

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (
    NO_BODY.has(req.method ?? '') &&
    !(declared > 0) &&
    req.headers['transfer-encoding'] === undefined
  ) {
    return undefined;
  }
  const tooLarge = (): BodyError =>
    new BodyError(
      status('RequestEntityTooLarge', `iddio: the request body is larger than ${limit} bytes`),
    );
  if (declared > limit) {
    req.resume();
    throw tooLarge();
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Drain and discard the rest, so the 413 can still be read by the client.
      req.off('data', onData);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
