/**
 * What a command printed, as it printed it: stdout and stderr chunks with their time since the
 * command started, kept in memory up to a byte cap. Past the cap nothing more is kept; the
 * number of bytes left out is counted so the stored recording can say so (never silently).
 * An interactive session (exec, attach) also has what was typed ("i") and the terminal's
 * resizes ("r", `WxH`), in the order they crossed the connection.
 */

/** Output streams: "o" stdout, "e" stderr. */
export type StreamCode = 'o' | 'e';
/** Every asciicast event code a recording holds: output, "i" input, "r" resize. */
export type EventCode = StreamCode | 'i' | 'r';

/** One chunk: seconds since the start, its code, the text. */
export type CaptureEvent = [seconds: number, code: EventCode, text: string];

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export class Capture {
  readonly events: CaptureEvent[] = [];
  /** UTF-8 bytes kept. */
  bytes = 0;
  /** UTF-8 bytes printed after the cap was reached, not kept. */
  dropped = 0;
  /**
   * A chunk this soon after the last one of the same code joins it (0: never). Interactive
   * sessions set it: a stream of one-byte frames (keystrokes, or a hostile client) would
   * otherwise be one event each, and events cost far more memory than their bytes.
   */
  coalesceMs = 0;

  constructor(
    readonly startedMs: number,
    readonly maxBytes: number = DEFAULT_MAX_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called with each chunk exactly as it was written to the agent. */
  readonly write = (stream: 'stdout' | 'stderr', text: string): void =>
    this.add(stream === 'stdout' ? 'o' : 'e', text);

  /** One event of any code; input and resizes count towards the cap as output does. */
  readonly add = (code: EventCode, text: string): void => {
    if (text === '') return;
    const size = Buffer.byteLength(text, 'utf8');
    const room = this.maxBytes - this.bytes;
    if (room <= 0) {
      this.dropped += size;
      return;
    }
    let kept = text;
    if (size > room) {
      // Cut on a character boundary: the kept part is at most `room` bytes.
      kept = Buffer.from(text, 'utf8')
        .subarray(0, room)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
      this.dropped += size - Buffer.byteLength(kept, 'utf8');
    }
    this.bytes += Buffer.byteLength(kept, 'utf8');
    const seconds = Math.max(0, (this.now() - this.startedMs) / 1000);
    const last = this.events.at(-1);
    if (last && last[1] === code && (seconds - last[0]) * 1000 < this.coalesceMs) {
      last[2] += kept;
      return;
    }
    this.events.push([seconds, code, kept]);
  };

  get truncated(): boolean {
    return this.dropped > 0;
  }
}
