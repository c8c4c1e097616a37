/**
 * SPDY/3 name/value header blocks: the plain layout (a count, then length-prefixed names and
 * NUL-separated values) and the zlib contexts that carry them. Each direction of a connection
 * has one zlib stream primed with the SPDY dictionary and flushed with Z_SYNC_FLUSH after every
 * block, so a block can only be read after all earlier ones — the contexts queue their work.
 */
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { FrameError } from './frames.js';

/** Lower-case names; a name may carry several values (sent NUL-separated). */
export type HeaderBlock = Map<string, string[]>;

/** Bounds what one header block may inflate to: kubectl's are a few dozen bytes. */
export const MAX_HEADER_BLOCK = 64 * 1024;
const MAX_PAIRS = 256;

export function encodeHeaderBlock(
  headers: Readonly<Record<string, string | readonly string[]>>,
): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const entries = Object.entries(headers);
  parts.push(u32(entries.length));
  for (const [name, value] of entries) {
    const nameBytes = Buffer.from(name.toLowerCase(), 'utf8');
    const valueBytes = Buffer.from(typeof value === 'string' ? value : value.join('\0'), 'utf8');
    parts.push(u32(nameBytes.length), nameBytes, u32(valueBytes.length), valueBytes);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): HeaderBlock {
  let at = 0;
  const u32 = (): number => {
    if (at + 4 > block.length) throw new FrameError('header block is truncated');
    const n = block.readUInt32BE(at);
    at += 4;
    return n;
  };
  const bytes = (n: number): string => {
    if (at + n > block.length) throw new FrameError('header block is truncated');
    const text = block.toString('utf8', at, at + n);
    at += n;
    return text;
  };
  const count = u32();
  if (count > MAX_PAIRS) throw new FrameError(`header block has ${count} pairs`);
  const headers: HeaderBlock = new Map();
  for (let i = 0; i < count; i++) {
    const name = bytes(u32());
    if (name === '' || name !== name.toLowerCase()) throw new FrameError('bad header name');
    if (headers.has(name)) throw new FrameError(`header ${name} appears twice`);
    headers.set(name, bytes(u32()).split('\0'));
  }
  if (at !== block.length) throw new FrameError('header block has trailing bytes');
  return headers;
}

/** One direction's zlib stream; work is queued so blocks are processed in frame order. */
class ZlibContext {
  private queue: Promise<unknown> = Promise.resolve();
  private output: Buffer[] = [];
  private size = 0;
  private failure: Error | undefined;
  private fail: ((error: Error) => void) | undefined;

  constructor(private readonly z: zlib.Inflate | zlib.Deflate) {
    z.on('data', (chunk: Buffer) => {
      this.size += chunk.length;
      if (this.size > MAX_HEADER_BLOCK) {
        this.abort(new FrameError('header block inflates past its limit'));
      } else {
        this.output.push(chunk);
      }
    });
    z.on('error', (error: Error) => this.abort(new FrameError(`header block: ${error.message}`)));
  }

  run(input: Buffer): Promise<Buffer> {
    const result = this.queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          if (this.failure) return reject(this.failure);
          this.fail = reject;
          this.z.write(input);
          this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            const out = Buffer.concat(this.output);
            this.output = [];
            this.size = 0;
            this.fail = undefined;
            if (this.failure) reject(this.failure);
            else resolve(out);
          });
        }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.z.destroy();
  }

  private abort(error: Error): void {
    // A broken context cannot read any later block either: the connection is done.
    this.failure ??= error;
    this.fail?.(this.failure);
    this.fail = undefined;
    this.z.destroy();
  }
}

/** Reads the peer's header blocks. */
export class HeaderInflater {
  private readonly context = new ZlibContext(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));

  async read(block: Buffer): Promise<HeaderBlock> {
    return decodeHeaderBlock(await this.context.run(block));
  }

  close(): void {
    this.context.close();
  }
}

/** Writes this side's header blocks. */
export class HeaderDeflater {
  private readonly context = new ZlibContext(
    zlib.createDeflate({ dictionary: SPDY3_DICTIONARY, level: zlib.constants.Z_BEST_COMPRESSION }),
  );

  write(headers: Readonly<Record<string, string | readonly string[]>>): Promise<Buffer> {
    return this.context.run(encodeHeaderBlock(headers));
  }

  close(): void {
    this.context.close();
  }
}
