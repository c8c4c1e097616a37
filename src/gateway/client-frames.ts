/**
 * The client's half of a recorded exec or attach session passes through this gate, frame by
 * frame: a frame reaches the cluster only once it has been read whole and shown to the
 * recording, so nothing can run in the container that the recording does not hold. A passive
 * copy could not promise that: a frame the copy refused (or read differently from the cluster)
 * would already have been sent on with everything behind it.
 *
 * Only what kubectl and client libraries send is let through, read as the API server's stream
 * code reads it (one frame, one message): masked frames with no reserved bit, data frames whole
 * (FIN set; a fragment would let the recording and the cluster split a message differently),
 * control frames (close, ping, pong) of at most 125 bytes. Anything else ends the connection.
 */
import { Transform, type TransformCallback } from 'node:stream';

export const OPCODE = { text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export class FrameError extends Error {}

export class ClientFrameGate extends Transform {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(
    private readonly maxPayload: number,
    /** Each data frame's unmasked payload, before the frame is sent on. */
    private readonly onMessage: (opcode: number, payload: Buffer) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      for (;;) {
        const frame = this.nextFrame();
        if (frame === undefined) break;
        this.push(frame);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** The next whole frame's bytes as received (its payload shown to onMessage), or undefined. */
  private nextFrame(): Buffer | undefined {
    if (this.buffered < 2) return undefined;
    const head = this.peek(Math.min(this.buffered, 14));
    const first = head[0]!;
    const second = head[1]!;
    const opcode = first & 0x0f;
    if (first & 0x70) throw new FrameError('a reserved bit is set');
    if (!(second & 0x80)) throw new FrameError('a client frame is not masked');
    const control = opcode >= 8;
    if (!Object.values(OPCODE).includes(opcode as 1))
      throw new FrameError(
        opcode === 0 ? 'a fragmented message' : `an unknown opcode ${String(opcode)}`,
      );
    if (!(first & 0x80)) throw new FrameError('a fragmented message');
    let length = second & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (head.length < 4) return undefined;
      length = head.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (head.length < 10) return undefined;
      const long = head.readBigUInt64BE(2);
      if (long > BigInt(this.maxPayload)) throw new FrameError('a frame over the size limit');
      length = Number(long);
      offset = 10;
    }
    if (control && length > 125) throw new FrameError('a control frame over 125 bytes');
    if (length > this.maxPayload) throw new FrameError('a frame over the size limit');
    const total = offset + 4 + length;
    if (this.buffered < total) return undefined;
    const frame = this.consume(total);
    if (!control) {
      const mask = frame.subarray(offset, offset + 4);
      const payload = Buffer.from(frame.subarray(offset + 4));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
      this.onMessage(opcode, payload);
    }
    return frame;
  }

  /** The first n buffered bytes, without consuming them. */
  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  /** Consumes and returns the first n buffered bytes (joined once, when a frame is whole). */
  private consume(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.buffered -= n;
    return all.subarray(0, n);
  }
}
