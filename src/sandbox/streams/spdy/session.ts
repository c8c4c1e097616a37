/**
 * The server side of a SPDY/3.1 connection over any Duplex (an upgraded socket, or a WebSocket
 * tunnel): the peer opens streams, this side replies and relays data.
 *
 * Flow control is left to the transport underneath, as Go's moby/spdystream (kubectl's SPDY
 * client) does: it never sends WINDOW_UPDATE and ignores the ones it gets, so honouring SPDY
 * windows would stall any transfer past 64 KiB. Back-pressure instead: a stream whose reader is
 * full pauses reading the socket, and a stream's writes wait for the socket to drain.
 */
import type { Duplex } from 'node:stream';
import {
  dataFrame,
  FrameError,
  FrameReader,
  goAwayFrame,
  MAX_DATA_CHUNK,
  pingFrame,
  RST_CANCEL,
  RST_INVALID_STREAM,
  RST_PROTOCOL_ERROR,
  RST_REFUSED_STREAM,
  rstStreamFrame,
  synReplyFrame,
  type Frame,
} from './frames.js';
import { HeaderDeflater, HeaderInflater } from './headers.js';
import { SpdyStream, type StreamOwner } from './stream.js';

/** Streams one connection may hold open at once (kubectl uses at most 5 per exec). */
export const MAX_STREAMS = 100;
const GOAWAY_PROTOCOL_ERROR = 1;
/** Frames read ahead of handling before the socket is paused (header blocks wait on zlib). */
const MAX_INBOX = 1024;

/** Accepts (true) or refuses (false: RST_STREAM REFUSED_STREAM) a stream the peer opened. */
export type StreamHandler = (stream: SpdyStream) => boolean;

export class SpdySession implements StreamOwner {
  private readonly reader = new FrameReader();
  private readonly inflater = new HeaderInflater();
  private readonly deflater = new HeaderDeflater();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly inbox: Frame[] = [];
  /** Streams whose reader is full: the socket stays paused while there is any. */
  private readonly full = new Set<number>();
  private draining = false;
  private lastStreamId = 0;
  private goingAway = false;
  private closed = false;
  /** Frames waiting on a header block being compressed, so frames leave in order. */
  private outbound: Promise<void> | undefined;
  private readonly closeHandlers: (() => void)[] = [];

  private onStream: StreamHandler = () => false;

  constructor(private readonly socket: Duplex) {}

  /** Starts reading frames; `onStream` decides on each stream the peer opens. */
  start(onStream: StreamHandler): void {
    this.onStream = onStream;
    const socket = this.socket;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => {
      this.teardown();
      if (!socket.destroyed) socket.end();
    });
    socket.on('close', () => this.teardown());
    socket.on('error', () => this.teardown());
  }

  /** Called once when the connection is gone. */
  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  /** Clean close from this side: GOAWAY, then the socket ends once written. */
  close(): void {
    if (this.closed) return;
    this.goingAway = true;
    this.send(goAwayFrame(this.lastStreamId));
    this.endSocket();
  }

  sendData(id: number, data: Buffer, fin: boolean, done: (error?: Error | null) => void): void {
    if (this.closed) return done(new Error('connection closed'));
    if (data.length === 0 && !fin) return done();
    const pieces = Math.max(1, Math.ceil(data.length / MAX_DATA_CHUNK));
    let ok = true;
    for (let i = 0; i < pieces; i++) {
      const piece = data.subarray(i * MAX_DATA_CHUNK, (i + 1) * MAX_DATA_CHUNK);
      ok = this.send(dataFrame(id, piece, fin && i === pieces - 1));
    }
    if (ok || this.closed) done();
    else this.socket.once('drain', () => done());
  }

  forget(id: number, reset: boolean): void {
    if (!this.streams.delete(id)) return;
    this.wantMore(id);
    if (reset && !this.closed) this.send(rstStreamFrame(id, RST_CANCEL));
    if (this.goingAway && this.streams.size === 0) this.endSocket();
  }

  wantMore(id: number): void {
    if (this.full.delete(id) && this.full.size === 0 && !this.closed) this.socket.resume();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      for (const frame of this.reader.push(chunk)) this.inbox.push(frame);
    } catch (error) {
      return this.fail(error);
    }
    if (this.inbox.length > MAX_INBOX) this.socket.pause();
    void this.drain();
  }

  /** Handles frames strictly in order; header blocks are inflated one after another. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let frame = this.inbox.shift(); frame && !this.closed; frame = this.inbox.shift()) {
        await this.handle(frame);
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.draining = false;
      if (this.full.size === 0 && !this.closed) this.socket.resume();
    }
  }

  private async handle(frame: Frame): Promise<void> {
    switch (frame.kind) {
      case 'syn_stream':
        return this.open(frame.streamId, await this.inflater.read(frame.block), frame);
      case 'syn_reply':
      case 'headers': {
        // Read to keep the shared zlib context in step; this server opens no streams, and
        // extra headers mean nothing to the protocols it serves.
        await this.inflater.read(frame.block);
        if (frame.fin) this.streams.get(frame.streamId)?.receiveFin();
        return;
      }
      case 'data': {
        const stream = this.streams.get(frame.streamId);
        if (!stream || stream.remoteFinished) {
          this.send(rstStreamFrame(frame.streamId, RST_INVALID_STREAM));
          return;
        }
        if (frame.data.length > 0 && !stream.receive(frame.data)) {
          this.full.add(stream.id);
          this.socket.pause();
        }
        if (frame.fin) stream.receiveFin();
        return;
      }
      case 'rst_stream':
        this.streams.get(frame.streamId)?.reset();
        return;
      case 'ping':
        // Echo the peer's pings (odd ids from a client); ours would be even, and we send none.
        if (frame.id % 2 === 1) this.send(pingFrame(frame.id));
        return;
      case 'goaway':
        this.goingAway = true;
        if (this.streams.size === 0) this.endSocket();
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE (see the header comment), unknown types
    }
  }

  private open(
    id: number,
    headers: Map<string, string[]>,
    frame: Frame & { kind: 'syn_stream' },
  ): void {
    // Client streams have odd, increasing ids (as spdystream's validateStreamId demands).
    if (id % 2 === 0 || id <= this.lastStreamId || frame.unidirectional) {
      this.send(rstStreamFrame(id, RST_PROTOCOL_ERROR));
      return;
    }
    this.lastStreamId = id;
    if (this.goingAway || this.streams.size >= MAX_STREAMS) {
      this.send(rstStreamFrame(id, RST_REFUSED_STREAM));
      return;
    }
    const stream = new SpdyStream(id, headers, this);
    stream.on('error', () => undefined); // a reset stream is not the connection's failure
    this.streams.set(id, stream);
    let accepted = false;
    try {
      accepted = this.onStream(stream);
    } catch {
      accepted = false;
    }
    if (!accepted) {
      this.streams.delete(id);
      stream.destroy();
      this.send(rstStreamFrame(id, RST_REFUSED_STREAM));
      return;
    }
    this.send(this.deflater.write({}).then((block) => synReplyFrame(id, block)));
    if (frame.fin) stream.receiveFin();
  }

  /** Writes in order; returns what socket.write did (false: wait for 'drain'). */
  private send(frame: Buffer | Promise<Buffer>): boolean {
    if (this.closed || this.socket.destroyed) return true;
    if (Buffer.isBuffer(frame) && !this.outbound) return this.socket.write(frame);
    const queued: Promise<void> = (this.outbound ?? Promise.resolve())
      .then(() => frame)
      .then((bytes) => {
        if (!this.closed && !this.socket.destroyed) this.socket.write(bytes);
      })
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        if (this.outbound === queued) this.outbound = undefined;
      });
    this.outbound = queued;
    return true;
  }

  private endSocket(): void {
    const end = (): void => {
      if (!this.socket.destroyed) this.socket.end();
    };
    if (this.outbound) void this.outbound.then(end);
    else end();
  }

  /** A malformed frame: say so with GOAWAY (PROTOCOL_ERROR) and drop the connection. */
  private fail(error: unknown): void {
    if (this.closed) return;
    this.teardown();
    if (error instanceof FrameError && !this.socket.destroyed) {
      this.socket.end(goAwayFrame(this.lastStreamId, GOAWAY_PROTOCOL_ERROR));
      // A peer that never reads must not keep the socket: it goes shortly after.
      setTimeout(() => this.socket.destroy(), 1000).unref();
    } else {
      this.socket.destroy();
    }
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.destroy();
    this.streams.clear();
    this.inflater.close();
    this.deflater.close();
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}
