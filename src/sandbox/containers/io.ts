/**
 * Between a transport's streams and a program's: terminal output translation (a pty turns
 * `\n` into `\r\n`), and the abort signal that ends a program when its client goes away.
 */
import type { Writable } from 'node:stream';
import type { Output } from './process.js';
import type { ProcessStreams } from '../streams/types.js';

/** onlcr: what a terminal in cooked mode does to every newline a program writes. */
export function onlcr(data: Buffer): Buffer {
  return Buffer.from(data.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

export function writerFor(stream: Writable | undefined, tty: boolean): Output {
  if (!stream) return () => undefined;
  return (data) => {
    if (stream.destroyed || stream.writableEnded) return;
    const bytes = Buffer.from(data);
    stream.write(tty ? onlcr(bytes) : bytes);
  };
}

/**
 * A signal aborted when the sandbox stops or the client's output streams close before the
 * program ended (the client hung up). `release` detaches the listeners once it has ended.
 */
export function sessionSignal(
  io: ProcessStreams,
  stopping: AbortSignal,
): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const streams = [io.stdout, io.stderr].filter((s): s is Writable => s !== undefined);
  for (const stream of streams) stream.on('close', abort);
  stopping.addEventListener('abort', abort);
  if (stopping.aborted) abort();
  return {
    signal: controller.signal,
    release: () => {
      for (const stream of streams) stream.off('close', abort);
      stopping.removeEventListener('abort', abort);
    },
  };
}

/** Waits while a stream holds more than its high-water mark (or until it closes). */
export function drainedFor(stream: Writable | undefined): () => Promise<void> {
  return () => {
    if (!stream || !stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  };
}
