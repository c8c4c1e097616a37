/**
 * One SPDY stream as a Node Duplex: what the peer sends on it is readable, what is written is
 * sent as data frames, end() sends FIN. The session does the framing and the socket I/O.
 */
import { Duplex } from 'node:stream';
import type { HeaderBlock } from './headers.js';

/** What a stream needs from its session. */
export interface StreamOwner {
  sendData(id: number, data: Buffer, fin: boolean, done: (error?: Error | null) => void): void;
  /** Called once the stream is finished both ways or destroyed. */
  forget(id: number, reset: boolean): void;
  /** The stream's reader wants more: resume reading the socket if no other stream is full. */
  wantMore(id: number): void;
}

export class SpdyStream extends Duplex {
  private remoteDone = false;
  private localDone = false;
  private resetByPeer = false;

  constructor(
    readonly id: number,
    readonly headers: HeaderBlock,
    private readonly owner: StreamOwner,
  ) {
    super({ allowHalfOpen: true });
  }

  /** The first value of a request header (names are lower case on the wire). */
  header(name: string): string | undefined {
    return this.headers.get(name.toLowerCase())?.[0];
  }

  /** Data from the peer; false means "stop reading the socket until _read". */
  receive(data: Buffer): boolean {
    if (this.remoteDone || this.destroyed) return true;
    return this.push(data);
  }

  /** The peer sent FIN. */
  receiveFin(): void {
    if (this.remoteDone) return;
    this.remoteDone = true;
    this.push(null);
    this.settle();
  }

  /** The peer sent RST_STREAM: tear down without answering it with another. */
  reset(): void {
    this.resetByPeer = true;
    this.destroy();
  }

  get remoteFinished(): boolean {
    return this.remoteDone;
  }

  override _read(): void {
    this.owner.wantMore(this.id);
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.owner.sendData(this.id, chunk, false, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.owner.sendData(this.id, Buffer.alloc(0), true, (error) => {
      this.localDone = true;
      this.settle();
      done(error);
    });
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // Torn down before both sides finished: tell the peer with RST_STREAM (CANCEL).
    this.owner.forget(this.id, !this.resetByPeer && !(this.localDone && this.remoteDone));
    done(error);
  }

  private settle(): void {
    if (this.localDone && this.remoteDone) this.owner.forget(this.id, false);
  }
}
