/**
 * The command's two output streams. Everything written to stdout is hashed for the audit
 * `completed` event's output_sha256; writes are buffered per command and flushed once, so a
 * consumer (a pipe, the session recorder) sees kubectl's output in the same chunks order.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';

export class Output {
  private readonly hash = createHash('sha256');
  private written = 0;

  /** Once `stopped` aborts (Ctrl-C, output closed), nothing more is printed: kubectl is gone. */
  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
    private readonly stopped?: AbortSignal,
    /** Sees each chunk exactly as printed: the session recording. */
    private readonly tap?: (stream: 'stdout' | 'stderr', text: string) => void,
  ) {}

  out(text: string): void {
    if (text === '' || this.stopped?.aborted) return;
    this.hash.update(text, 'utf8');
    this.written += text.length;
    this.stdout.write(text);
    this.tap?.('stdout', text);
  }

  err(text: string): void {
    if (text === '' || this.stopped?.aborted) return;
    this.stderr.write(text);
    this.tap?.('stderr', text);
  }

  /** Bytes (well, UTF-16 units) written to stdout so far: kubectl's "did we print anything". */
  get stdoutWritten(): number {
    return this.written;
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }
}

/** Waits until a stream has flushed what was written (so exit codes never race output). */
export function drain(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.writableNeedDrain) resolve();
    else stream.once('drain', () => resolve());
  });
}
