/**
 * What a built-in program is given: its arguments, environment, the container's files, and
 * its standard streams. Programs are async functions returning an exit code; none of them is
 * a real process.
 */
import type { Readable } from 'node:stream';
import type { MemoryFs } from './fs.js';

/** Standard input shared by the commands of one shell, with push-back for line readers. */
export class Input {
  private readonly pending: Buffer[] = [];
  private readonly iterator: AsyncIterator<unknown> | undefined;
  private done: boolean;

  constructor(stream?: Readable) {
    this.iterator = stream?.[Symbol.asyncIterator]();
    this.done = stream === undefined;
  }

  static empty(): Input {
    return new Input();
  }

  /** The next chunk, or null at end of input (the client closed stdin, or gave none). */
  async read(): Promise<Buffer | null> {
    const next = this.pending.shift();
    if (next) return next;
    if (this.done || !this.iterator) return null;
    try {
      const result = await this.iterator.next();
      if (result.done === true) {
        this.done = true;
        return null;
      }
      const value = result.value;
      return Buffer.isBuffer(value) ? value : Buffer.from(String(value));
    } catch {
      // A client that went away mid-stream is end of input, never a crash.
      this.done = true;
      return null;
    }
  }

  unshift(chunk: Buffer): void {
    if (chunk.length > 0) this.pending.unshift(chunk);
  }
}

export type Output = (data: string | Buffer) => void;

export interface Proc {
  /** The arguments after the program name. */
  args: string[];
  env: Map<string, string>;
  fs: MemoryFs;
  cwd: string;
  stdin: Input;
  out: Output;
  err: Output;
  /** Resolves once the client has taken what was written (programs copying stdin await it). */
  drained: () => Promise<void>;
  /** Whether a terminal is attached (an interactive shell then prompts and echoes). */
  tty: boolean;
  /** Aborted when the client goes away or the sandbox stops: long waits end at once. */
  signal: AbortSignal;
}

export type Program = (proc: Proc) => Promise<number>;

/** The directories whose programs may be named by path, as `/bin/sh` is. */
const BIN_DIRS = new Set(['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin']);

/** A program name as given (`sh`, `/bin/sh`), or undefined for a path outside the bin dirs. */
export function programName(word: string): string | undefined {
  if (!word.includes('/')) return word;
  const slash = word.lastIndexOf('/');
  return BIN_DIRS.has(word.slice(0, slash)) ? word.slice(slash + 1) : undefined;
}
