/**
 * One command's recording, from first byte to stored file: the capture the executor writes
 * into, then — when the command completes — redaction, the size-cap marker, asciicast, gzip,
 * the content-addressed store, and retention. The pipeline's completion step (and any other
 * front door that completes a command the same way) calls finish() and puts the reference in
 * the `completed` event.
 */
import { Capture } from './capture.js';
import { encodeAsciicast, type RecordingHeader } from './asciicast.js';
import { redactRecording, type RedactionScope } from './redact.js';
import { pruneRecordings, storeRecording } from './store.js';

export interface RecordingSettings {
  /** Output kept per command, in UTF-8 bytes; the rest is counted and marked. */
  maxBytes: number;
  /** Recordings older than this are removed; 0 keeps them forever. */
  retentionMs: number;
}

export const DEFAULT_RECORDING: RecordingSettings = {
  maxBytes: 10 * 1024 * 1024,
  retentionMs: 365 * 24 * 60 * 60 * 1000,
};

export interface RecorderOptions {
  sessionsDir: string;
  settings: RecordingSettings;
  scope: RedactionScope;
  requestId: string;
  agent?: string;
  session?: string;
  /** The redacted argv, as the audit log has it. */
  command?: string;
  startedMs: number;
  now?: () => number;
}

export class Recorder {
  readonly capture: Capture;
  /** The terminal's size: an interactive session's first resize, else 80x24. */
  size = { width: 80, height: 24 };

  constructor(private readonly options: RecorderOptions) {
    this.capture = new Capture(options.startedMs, options.settings.maxBytes, options.now);
  }

  /** Stores the recording; returns its reference (`sha256:<hex>`). Throws when it cannot. */
  finish(): string {
    const { capture, options } = this;
    const events = redactRecording(capture.events, options.scope, capture.truncated);
    if (capture.truncated) {
      const last = events.at(-1)?.[0] ?? 0;
      events.push([
        last,
        'e',
        `\n[iddio: recording truncated at ${options.settings.maxBytes} bytes; ${capture.dropped} more bytes of output were not recorded]\n`,
      ]);
    }
    const header: RecordingHeader = {
      version: 2,
      width: this.size.width,
      height: this.size.height,
      timestamp: Math.floor(options.startedMs / 1000),
      ...(options.command !== undefined ? { command: options.command } : {}),
      iddio: {
        request_id: options.requestId,
        ...(options.agent !== undefined ? { agent: options.agent } : {}),
        ...(options.session !== undefined ? { session: options.session } : {}),
        ...(capture.truncated ? { dropped_bytes: capture.dropped } : {}),
        redacted: true,
      },
    };
    const reference = storeRecording(options.sessionsDir, encodeAsciicast(header, events));
    pruneRecordings(
      options.sessionsDir,
      options.settings.retentionMs,
      options.now?.() ?? Date.now(),
    );
    return reference;
  }
}
