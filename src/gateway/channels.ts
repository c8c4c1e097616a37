/**
 * The Kubernetes channel protocols of exec and attach over WebSocket (`*.channel.k8s.io`): each
 * message is one channel's data, its first byte the channel number. (The `base64.*` variants are
 * not read: the API server reads their channel and payload differently by frame type, and a
 * recording that could be read otherwise than the cluster reads it is no record.)
 * Channels: 0 stdin, 1 stdout, 2 stderr, 3 error (v4 and v5: a JSON Status that carries the
 * exit code; earlier versions: plain text), 4 resize (`{"Width":W,"Height":H}`, v3+), and in
 * v5 255, the client's "close this channel". Pure: no I/O.
 */

/** The subprotocols whose messages are read here; anything else is not recorded. */
export const CHANNEL_PROTOCOLS: readonly string[] = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
];

export function isChannelProtocol(protocol: string): boolean {
  return CHANNEL_PROTOCOLS.includes(protocol);
}

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;

export interface ChannelMessage {
  channel: number;
  data: Buffer;
}

/** One message as sent, split into its channel and data; undefined for an empty message. */
export function channelMessage(message: Buffer): ChannelMessage | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0]!, data: message.subarray(1) };
}

/** The error channel's message read as the command's end: its exit code, and text to show. */
export interface ExitReport {
  exitCode: number;
  /** What to put in the recording's stderr (a failure that is not a plain exit code). */
  message?: string;
}

/**
 * v4+: a Status — `Success` is 0, `NonZeroExitCode` carries the code as its `ExitCode` cause;
 * any other failure is 1 with its message. Earlier protocols send plain text: a failure.
 */
export function exitReport(protocol: string, data: Buffer): ExitReport {
  const text = data.toString('utf8');
  if (!/^v[45]\./.test(protocol)) return { exitCode: 1, message: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { exitCode: 1, message: text };
  }
  const status = parsed as {
    status?: unknown;
    reason?: unknown;
    message?: unknown;
    details?: { causes?: Array<{ reason?: unknown; message?: unknown }> };
  };
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isSafeInteger(code) && code > 0) return { exitCode: code };
  }
  return {
    exitCode: 1,
    message: typeof status.message === 'string' ? status.message : text,
  };
}

/** The resize channel's `{"Width":W,"Height":H}`, or undefined when it is not one. */
export function terminalSize(data: Buffer): { width: number; height: number } | undefined {
  try {
    const size = JSON.parse(data.toString('utf8')) as { Width?: unknown; Height?: unknown };
    const width = Number(size.Width);
    const height = Number(size.Height);
    if (isDimension(width) && isDimension(height)) return { width, height };
  } catch {
    // not JSON: not a size
  }
  return undefined;
}

function isDimension(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= 65_535;
}
