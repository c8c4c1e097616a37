/**
 * Recordings are asciicast v2 (one JSON header line, then one `[seconds, code, text]` line per
 * chunk), so `asciinema play` and `iddio session replay` both play them. Codes: "o" stdout (what
 * asciinema shows), "e" stderr (iddio's own code; asciinema skips it), "i" input and "r"
 * resize in interactive recordings. The header's `iddio` member ties the file to its command.
 */
import type { CaptureEvent } from './capture.js';

export interface RecordingHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix seconds at the start of the command. */
  timestamp: number;
  /** The command as recorded in the audit log (credentials redacted). */
  command?: string;
  iddio: {
    request_id: string;
    agent?: string;
    session?: string;
    /** Bytes of output past the size cap that were not recorded. */
    dropped_bytes?: number;
    redacted: true;
  };
}

export type RecordingEvent = [seconds: number, code: string, text: string];

export interface Recording {
  header: RecordingHeader;
  events: RecordingEvent[];
}

export function encodeAsciicast(header: RecordingHeader, events: readonly CaptureEvent[]): string {
  const lines = [JSON.stringify(header)];
  for (const [seconds, code, text] of events) {
    lines.push(JSON.stringify([Math.round(seconds * 1e6) / 1e6, code, text]));
  }
  return `${lines.join('\n')}\n`;
}

export class RecordingFormatError extends Error {}

/** Parses an asciicast v2 text; anything else is a RecordingFormatError (never a SyntaxError). */
export function decodeAsciicast(text: string): Recording {
  const lines = text.split('\n').filter((line) => line !== '');
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    throw new RecordingFormatError('the recording has no asciicast header');
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    (header as { version?: unknown }).version !== 2
  ) {
    throw new RecordingFormatError('the recording is not asciicast v2');
  }
  const events: RecordingEvent[] = [];
  for (const [index, line] of lines.slice(1).entries()) {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new RecordingFormatError(`event ${index + 1} of the recording is not JSON`);
    }
    if (
      !Array.isArray(event) ||
      typeof event[0] !== 'number' ||
      !Number.isFinite(event[0]) ||
      typeof event[1] !== 'string' ||
      typeof event[2] !== 'string'
    ) {
      throw new RecordingFormatError(`event ${index + 1} of the recording is malformed`);
    }
    events.push([Math.max(0, event[0]), event[1], event[2]]);
  }
  return { header: header as RecordingHeader, events };
}
