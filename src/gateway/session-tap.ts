/**
 * The recording of an exec or attach session at the gateway. What the client sends passes
 * through a gate (client-frames.ts) that reads each frame whole before it is sent on, so the
 * recording holds everything that reaches the container; what the cluster sends is relayed as
 * it comes and a copy goes through `ws`'s own frame parser (its Receiver). Each message's
 * channel becomes an asciicast event of the command's Recorder — stdin "i", stdout "o", stderr
 * "e", resizes "r" — and the error channel its exit code. A frame either side gets wrong ends
 * the connection (not the gateway): the session could not be recorded past it.
 */
import { StringDecoder } from 'node:string_decoder';
import * as ws from 'ws';
import { ClientFrameGate } from './client-frames.js';
import type { EventCode } from '../recording/capture.js';
import type { Recorder } from '../recording/recorder.js';
import {
  channelMessage,
  type ChannelMessage,
  ERROR,
  exitReport,
  RESIZE,
  STDERR,
  STDIN,
  STDOUT,
  terminalSize,
} from './channels.js';

/** What a command's upgraded connections leave for its `completed` event. */
export interface CommandStreams {
  /** The exec/attach session's recording (one per command, across its connections). */
  recorder?: Recorder;
  /** The exit code the error channel reported, when it did. */
  exitCode?: number;
  /** Why something was not recorded, or why a connection was ended. */
  notes: string[];
}

/** The part of `ws`'s Receiver used here (the package's types do not declare it). */
interface FrameReceiver {
  write(chunk: Buffer): boolean;
  readonly destroyed: boolean;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}
const { Receiver } = ws as unknown as {
  Receiver: new (options: {
    isServer: boolean;
    maxPayload: number;
    skipUTF8Validation: boolean;
  }) => FrameReceiver;
};

/**
 * The largest message read (client-go and the API server send 32 KiB chunks): a connection
 * cannot make the gateway hold more than this of one message in memory.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export class SessionTap {
  private readonly upstream: FrameReceiver;
  private readonly decoders = new Map<number, StringDecoder>();
  private ended = false;
  private resized = false;
  private capped = false;

  constructor(
    private readonly protocol: string,
    private readonly recorder: Recorder,
    private readonly streams: CommandStreams,
    /** Ends the connection, both sides. */
    private readonly end: () => void,
    /** recording.interactive: required — a session past the recording's size cap is ended. */
    private readonly required = false,
  ) {
    // The upstream's frames must not be masked (it is the server).
    this.upstream = this.receiver(false, (message) => this.fromUpstreamMessage(message));
  }

  /** The stream the client's bytes go through to the cluster, each frame recorded first. */
  clientGate(): ClientFrameGate {
    const gate = new ClientFrameGate(MAX_MESSAGE_BYTES, (_opcode, payload) => {
      const message = channelMessage(payload);
      if (message !== undefined) this.fromClientMessage(message);
    });
    gate.on('error', (error) =>
      this.fail(`the client sent a WebSocket frame iddio does not pass on (${error.message})`),
    );
    return gate;
  }

  readonly fromUpstream = (chunk: Buffer): void => this.feed(this.upstream, chunk);

  /** The connection is over: text held back for a split character is written out. */
  close(): void {
    for (const [channel, decoder] of this.decoders) {
      const code = CODES[channel];
      if (code !== undefined) this.recorder.capture.add(code, decoder.end());
    }
    this.decoders.clear();
  }

  private receiver(isServer: boolean, onMessage: (message: ChannelMessage) => void): FrameReceiver {
    const side = isServer ? 'the client' : 'the cluster';
    const receiver = new Receiver({
      isServer,
      maxPayload: MAX_MESSAGE_BYTES,
      // Passive: text frames are read as channel bytes, as the API server reads them.
      skipUTF8Validation: true,
    });
    receiver.on('message', (data) => {
      const message = channelMessage(data);
      if (message !== undefined) onMessage(message);
    });
    receiver.on('error', (error) =>
      this.fail(`${side} sent a malformed WebSocket frame (${error.message})`),
    );
    return receiver;
  }

  private feed(receiver: FrameReceiver, chunk: Buffer): void {
    if (this.ended || receiver.destroyed) return;
    try {
      // A copy: the Receiver unmasks payloads in place, and the relay sends this very buffer on.
      receiver.write(Buffer.from(chunk));
    } catch (error) {
      // Called from the sockets' own events: nothing may escape into the gateway.
      this.fail(`the recording failed (${(error as Error).message})`);
    }
  }

  /** Ends the connection: past this point the session could not be recorded. */
  private fail(why: string): void {
    if (this.ended) return;
    this.ended = true;
    this.streams.notes.push(`the connection was ended: ${why}`);
    this.streams.exitCode ??= 1;
    this.end();
  }

  private fromClientMessage({ channel, data }: ChannelMessage): void {
    if (channel === STDIN) this.text(STDIN, data);
    else if (channel === RESIZE) {
      const size = terminalSize(data);
      if (size === undefined) return;
      // The header's size is the terminal's first; later ones are "r" events.
      if (!this.resized) this.recorder.size = size;
      this.resized = true;
      this.recorder.capture.add('r', `${size.width}x${size.height}`);
    }
    // 255 (v5: the client closes a channel) and anything else carry nothing to replay.
  }

  private fromUpstreamMessage({ channel, data }: ChannelMessage): void {
    if (channel === STDOUT || channel === STDERR) this.text(channel, data);
    else if (channel === ERROR) {
      const report = exitReport(this.protocol, data);
      this.streams.exitCode = report.exitCode;
      if (report.message !== undefined && report.message !== '')
        this.recorder.capture.add('e', report.message);
    }
  }

  /** A channel's bytes as text, a character split across two messages kept whole. */
  private text(channel: number, data: Buffer): void {
    const code = CODES[channel];
    if (code === undefined) return;
    let decoder = this.decoders.get(channel);
    if (!decoder) {
      decoder = new StringDecoder('utf8');
      this.decoders.set(channel, decoder);
    }
    this.recorder.capture.add(code, decoder.write(data));
    if (this.recorder.capture.truncated && !this.capped) {
      this.capped = true;
      const why = 'the session reached the recording size cap (recording.max_bytes)';
      if (this.required) this.fail(`${why}; what follows could not be recorded`);
      else this.streams.notes.push(`${why}; the rest of it was not recorded`);
    }
  }
}

const CODES: Readonly<Record<number, EventCode>> = { [STDIN]: 'i', [STDOUT]: 'o', [STDERR]: 'e' };
