/**
 * The cluster's own audit log: audit.k8s.io/v1 Event lines, as the API server writes them with
 * `--audit-log-path` (and as the sandbox writes them). Each line is parsed defensively: what
 * is not an Event becomes a counted bad line, never an exception. Files are read as streams.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface NativeUser {
  username: string;
  groups?: string[];
}

export interface NativeEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  user: NativeUser;
  impersonatedUser?: NativeUser;
  userAgent?: string;
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
    subresource?: string;
  };
  code?: number;
  /** requestReceivedTimestamp, ms since the epoch (NaN when absent). */
  receivedMs: number;
  file: string;
  line: number;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function user(value: unknown): NativeUser | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as Record<string, unknown>;
  const username = str(u.username);
  if (username === undefined) return undefined;
  const groups = Array.isArray(u.groups)
    ? u.groups.filter((g): g is string => typeof g === 'string')
    : undefined;
  return { username, ...(groups ? { groups } : {}) };
}

/** One line → an Event, or the reason it is not one. */
export function parseNativeEvent(text: string, file: string, line: number): NativeEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const e = value as Record<string, unknown>;
  if (
    e.kind !== 'Event' ||
    typeof e.apiVersion !== 'string' ||
    !e.apiVersion.startsWith('audit.k8s.io/')
  ) {
    return 'not an audit.k8s.io Event';
  }
  const auditID = str(e.auditID);
  const who = user(e.user);
  if (auditID === undefined || who === undefined) return 'an Event without auditID or user';
  const impersonated = user(e.impersonatedUser);
  const ref =
    typeof e.objectRef === 'object' && e.objectRef !== null
      ? (e.objectRef as Record<string, unknown>)
      : undefined;
  const status =
    typeof e.responseStatus === 'object' && e.responseStatus !== null
      ? (e.responseStatus as Record<string, unknown>)
      : undefined;
  const code = status && Number.isInteger(status.code) ? (status.code as number) : undefined;
  const received = str(e.requestReceivedTimestamp) ?? str(e.stageTimestamp);
  return {
    auditID,
    stage: str(e.stage) ?? '',
    verb: str(e.verb) ?? '',
    requestURI: str(e.requestURI) ?? '',
    user: who,
    ...(impersonated ? { impersonatedUser: impersonated } : {}),
    ...(str(e.userAgent) !== undefined ? { userAgent: str(e.userAgent) } : {}),
    ...(ref
      ? {
          objectRef: Object.fromEntries(
            ['resource', 'namespace', 'name', 'apiGroup', 'subresource']
              .map((k) => [k, str(ref[k])])
              .filter(([, v]) => v !== undefined),
          ) as NativeEvent['objectRef'],
        }
      : {}),
    ...(code !== undefined ? { code } : {}),
    receivedMs: received === undefined ? NaN : Date.parse(received),
    file,
    line,
  };
}

/** The Events of one file in order; `onBad` hears about every line that is not one. */
export async function* readNativeEvents(
  file: string,
  onBad: (file: string, line: number, why: string) => void,
): AsyncGenerator<NativeEvent> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    const event = parseNativeEvent(text, file, n);
    if (typeof event === 'string') onBad(file, n, event);
    else yield event;
  }
}

/** A stage that closes a request: the event to keep when a server writes several per request. */
export function isFinalStage(stage: string): boolean {
  return stage === 'ResponseComplete' || stage === 'Panic';
}
