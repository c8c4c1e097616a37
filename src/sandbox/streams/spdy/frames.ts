/**
 * SPDY/3.1 framing, pure: cuts a byte stream into frames and builds frames to send. Header
 * blocks stay compressed here (headers.ts owns the zlib contexts, which are stateful per
 * connection). Every length and field is checked, so hostile bytes become a FrameError
 * that closes the one connection they came on.
 */

export const VERSION = 3;
/** Frame flags: FIN on data frames and SYN_STREAM/SYN_REPLY/HEADERS alike. */
export const FLAG_FIN = 0x01;

export const enum ControlType {
  SynStream = 1,
  SynReply = 2,
  RstStream = 3,
  Settings = 4,
  Ping = 6,
  GoAway = 7,
  Headers = 8,
  WindowUpdate = 9,
}

/** RST_STREAM status codes this server sends. */
export const RST_PROTOCOL_ERROR = 1;
export const RST_INVALID_STREAM = 2;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
export const RST_STREAM_IN_USE = 8;

/**
 * The largest frame accepted. The protocol allows 16 MiB; spdystream writes data in pieces of
 * at most 32 KiB (io.Copy's buffer), so 1 MiB leaves ample room and bounds memory per frame.
 */
export const MAX_FRAME = 1 << 20;
/** The most this server puts in one data frame. */
export const MAX_DATA_CHUNK = 64 * 1024;

export type Frame =
  | { kind: 'data'; streamId: number; fin: boolean; data: Buffer }
  | { kind: 'syn_stream'; streamId: number; fin: boolean; unidirectional: boolean; block: Buffer }
  | { kind: 'syn_reply' | 'headers'; streamId: number; fin: boolean; block: Buffer }
  | { kind: 'rst_stream'; streamId: number; status: number }
  | { kind: 'settings' }
  | { kind: 'ping'; id: number }
  | { kind: 'goaway'; lastGoodStreamId: number; status: number }
  | { kind: 'window_update'; streamId: number; delta: number }
  | { kind: 'ignored'; type: number };

export class FrameError extends Error {
  readonly code = 'SPDY_BAD_FRAME';
}

/** Accumulates bytes and hands out whole frames; throws FrameError on the first bad one. */
export class FrameReader {
  private buffered: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): Frame[] {
    this.buffered.push(chunk);
    this.size += chunk.length;
    const frames: Frame[] = [];
    while (this.size >= 8) {
      const head = this.peek(8);
      const length = head.readUIntBE(5, 3);
      if (length > MAX_FRAME) throw new FrameError(`frame of ${length} bytes is too large`);
      if (this.size < 8 + length) break;
      const whole = this.take(8 + length);
      frames.push(parseFrame(whole.subarray(0, 8), whole.subarray(8)));
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if ((this.buffered[0]?.length ?? 0) < n) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    this.buffered = all.length > n ? [all.subarray(n)] : [];
    this.size -= n;
    return all.subarray(0, n);
  }
}

function parseFrame(head: Buffer, body: Buffer): Frame {
  const flags = head[4]!;
  if ((head[0]! & 0x80) === 0) {
    const streamId = head.readUInt32BE(0) & 0x7fffffff;
    if (streamId === 0) throw new FrameError('data frame on stream 0');
    return { kind: 'data', streamId, fin: (flags & FLAG_FIN) !== 0, data: body };
  }
  const version = head.readUInt16BE(0) & 0x7fff;
  if (version !== VERSION) throw new FrameError(`unsupported SPDY version ${version}`);
  const type = head.readUInt16BE(2);
  const fin = (flags & FLAG_FIN) !== 0;
  const need = (n: number): void => {
    if (body.length < n) throw new FrameError(`control frame ${type} is too short`);
  };
  const streamIdAt = (offset: number): number => {
    const id = body.readUInt32BE(offset) & 0x7fffffff;
    if (id === 0) throw new FrameError(`control frame ${type} names stream 0`);
    return id;
  };
  switch (type) {
    case ControlType.SynStream:
      need(10);
      return {
        kind: 'syn_stream',
        streamId: streamIdAt(0),
        fin,
        unidirectional: (flags & 0x02) !== 0,
        block: body.subarray(10),
      };
    case ControlType.SynReply:
    case ControlType.Headers:
      need(4);
      return {
        kind: type === ControlType.SynReply ? 'syn_reply' : 'headers',
        streamId: streamIdAt(0),
        fin,
        block: body.subarray(4),
      };
    case ControlType.RstStream:
      need(8);
      return { kind: 'rst_stream', streamId: streamIdAt(0), status: body.readUInt32BE(4) };
    case ControlType.Settings: {
      need(4);
      const entries = body.readUInt32BE(0);
      if (body.length !== 4 + entries * 8) throw new FrameError('SETTINGS length mismatch');
      return { kind: 'settings' };
    }
    case ControlType.Ping:
      need(4);
      return { kind: 'ping', id: body.readUInt32BE(0) };
    case ControlType.GoAway:
      need(8);
      return {
        kind: 'goaway',
        lastGoodStreamId: body.readUInt32BE(0) & 0x7fffffff,
        status: body.readUInt32BE(4),
      };
    case ControlType.WindowUpdate:
      need(8);
      return {
        kind: 'window_update',
        streamId: body.readUInt32BE(0) & 0x7fffffff,
        delta: body.readUInt32BE(4) & 0x7fffffff,
      };
    default:
      // The protocol says to ignore control frames of unknown types (NOOP, CREDENTIAL, ...).
      return { kind: 'ignored', type };
  }
}

function control(type: ControlType, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(body.length, 4);
  head[4] = flags;
  return Buffer.concat([head, body]);
}

function u32s(...values: number[]): Buffer {
  const body = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => body.writeUInt32BE(v >>> 0, i * 4));
  return body;
}

export function dataFrame(streamId: number, data: Buffer, fin: boolean): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(data.length, 4);
  head[4] = fin ? FLAG_FIN : 0;
  return data.length === 0 ? head : Buffer.concat([head, data]);
}

/** A SYN_STREAM: the client side of a connection (tests) opens streams with it. */
export function synStreamFrame(streamId: number, block: Buffer, fin = false): Buffer {
  return control(
    ControlType.SynStream,
    fin ? FLAG_FIN : 0,
    Buffer.concat([u32s(streamId, 0), Buffer.alloc(2), block]),
  );
}

export function synReplyFrame(streamId: number, block: Buffer, fin = false): Buffer {
  return control(ControlType.SynReply, fin ? FLAG_FIN : 0, Buffer.concat([u32s(streamId), block]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  return control(ControlType.RstStream, 0, u32s(streamId, status));
}

export function pingFrame(id: number): Buffer {
  return control(ControlType.Ping, 0, u32s(id));
}

export function goAwayFrame(lastGoodStreamId: number, status = 0): Buffer {
  return control(ControlType.GoAway, 0, u32s(lastGoodStreamId, status));
}

/** SETTINGS with [id, value] pairs (flags 0): the server ignores them, tests send them. */
export function settingsFrame(pairs: readonly (readonly [number, number])[]): Buffer {
  return control(ControlType.Settings, 0, u32s(pairs.length, ...pairs.flat()));
}

export function windowUpdateFrame(streamId: number, delta: number): Buffer {
  return control(ControlType.WindowUpdate, 0, u32s(streamId, delta));
}
