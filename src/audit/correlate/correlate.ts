/**
 * `iddio audit correlate`: joins iddio's log with the cluster's own audit log by auditID. iddio
 * sends `Audit-ID: <request_id with "_"→"-">-<n>` on every request, and the API server keeps it
 * as its event's auditID, so each iddio request should have exactly one native event and each
 * native event made with iddio's credential should have an iddio request. What does not join
 * is a finding:
 *
 *   bypass            a native event by a credential iddio uses, with no iddio Audit-ID:
 *                     someone used the credential around iddio (the headline finding)
 *   unknown-audit-id  a native event with an iddio-shaped auditID of a command the log does
 *                     not hold (a log cut short, or a forged header)
 *   unlisted          an auditID of a command on record, but not among its requests
 *   impersonation     the event's impersonated user is an iddio agent other than the one
 *                     iddio recorded for that request
 *   missing           an iddio request, answered by the server, with no native event while the
 *                     native log covers its time (dropped by the audit policy, or never sent)
 *
 * Requests that got no answer (status 0) and requests outside the native log's time range are
 * counted, not findings. Lines of the native log that are not Events are findings too: what
 * cannot be read cannot be ruled out. The iddio side is held in memory (one entry per API
 * request); the native files are streamed, twice: once to learn which credentials iddio uses,
 * once to find their events that iddio did not make.
 */
import type { AuditEvent } from '../event.js';
import { readAuditEvents } from '../reader.js';
import { isFinalStage, readNativeEvents, type NativeEvent } from './native.js';

export interface IddioRequest {
  audit_id: string;
  method: string;
  path: string;
  status: number;
  native?: NativeEvent;
}

export interface IddioCommand {
  request_id: string;
  agent?: string;
  session?: string;
  argv?: string[];
  tier?: number;
  decision?: string;
  ts: string;
  /** Completion time and duration, for the time-range test. */
  endMs?: number;
  startMs?: number;
  requests: IddioRequest[];
}

export type FindingKind =
  'bypass' | 'unknown-audit-id' | 'unlisted' | 'impersonation' | 'missing' | 'unreadable';

export interface Finding {
  kind: FindingKind;
  message: string;
  native?: NativeEvent;
  request_id?: string;
  agent?: string;
  request?: IddioRequest;
}

export interface CorrelationReport {
  iddioLog: string;
  k8sAudit: string[];
  /** Native Events read (every stage), and lines that were not Events. */
  nativeEvents: number;
  badNativeLines: number;
  badIddioLines: number;
  nativeFirst?: string;
  nativeLast?: string;
  /** The credentials (usernames) iddio's requests were made with, plus any given. */
  credentials: string[];
  commands: IddioCommand[];
  findings: Finding[];
  /** iddio requests with no answer (status 0): perhaps never sent. */
  notAnswered: number;
  /** iddio requests outside the native log's time range. */
  outsideRange: number;
  matched: number;
  unexplained: number;
}

const IDDIO_AUDIT_ID = /^idd-([0-9A-HJKMNP-TV-Z]{26})-(\d+)$/;
const AGENT_PREFIX = 'iddio:agent:';

async function loadIddio(logPath: string, onBad: () => void) {
  const commands = new Map<string, IddioCommand>();
  const requests = new Map<string, { command: IddioCommand; request: IddioRequest }>();
  const command = (event: AuditEvent): IddioCommand => {
    let found = commands.get(event.request_id);
    if (!found) {
      found = { request_id: event.request_id, ts: event.ts, requests: [] };
      commands.set(event.request_id, found);
    }
    for (const key of ['agent', 'session', 'argv', 'tier', 'decision'] as const) {
      if (event[key] !== undefined && found[key] === undefined)
        (found as unknown as Record<string, unknown>)[key] = event[key];
    }
    return found;
  };
  for await (const { event } of readAuditEvents(logPath, { onBadLine: onBad })) {
    if (event.stage === 'admin') continue;
    const cmd = command(event);
    if (event.stage !== 'completed') continue;
    cmd.endMs = Date.parse(event.ts);
    cmd.startMs = cmd.endMs - (event.duration_ms ?? 0);
    for (const r of event.api_requests ?? []) {
      const request: IddioRequest = {
        audit_id: r.audit_id,
        method: r.method,
        path: r.path,
        status: r.status,
      };
      cmd.requests.push(request);
      requests.set(r.audit_id, { command: cmd, request });
    }
  }
  return { commands, requests };
}

/** Keeps the event that closes the request when a server wrote several stages. */
function better(current: NativeEvent | undefined, next: NativeEvent): boolean {
  return current === undefined || (!isFinalStage(current.stage) && isFinalStage(next.stage));
}

export async function correlate(options: {
  iddioLog: string;
  k8sAudit: string[];
  credentials?: string[];
}): Promise<CorrelationReport> {
  let badIddioLines = 0;
  const { commands, requests } = await loadIddio(options.iddioLog, () => badIddioLines++);
  const credentials = new Set(options.credentials ?? []);
  const strays = new Map<string, Finding>();
  const findings: Finding[] = [];
  let nativeEvents = 0;
  let first = Infinity;
  let last = -Infinity;
  let badNativeLines = 0;
  const onBad = (file: string, line: number, why: string) => {
    badNativeLines++;
    if (badNativeLines <= 20)
      findings.push({ kind: 'unreadable', message: `${file}:${line}: ${why}` });
  };

  // Pass 1: join by auditID; learn the credentials iddio's own requests were made with.
  for (const file of options.k8sAudit) {
    for await (const event of readNativeEvents(file, onBad)) {
      nativeEvents++;
      if (Number.isFinite(event.receivedMs)) {
        first = Math.min(first, event.receivedMs);
        last = Math.max(last, event.receivedMs);
      }
      const joined = requests.get(event.auditID);
      if (joined) {
        credentials.add(event.user.username);
        if (better(joined.request.native, event)) joined.request.native = event;
        continue;
      }
      const shaped = IDDIO_AUDIT_ID.exec(event.auditID);
      if (!shaped) continue;
      const requestId = `idd_${shaped[1] ?? ''}`;
      const known = commands.get(requestId);
      const previous = strays.get(event.auditID);
      if (previous && !better(previous.native, event)) continue;
      strays.set(event.auditID, {
        kind: known ? 'unlisted' : 'unknown-audit-id',
        message: known
          ? `request ${shaped[2]} of ${requestId} reached the cluster but is not among the requests iddio recorded for it`
          : `auditID ${event.auditID} names iddio request ${requestId}, which is not in iddio's log`,
        native: event,
        request_id: requestId,
        ...(known?.agent !== undefined ? { agent: known.agent } : {}),
      });
    }
  }

  // Pass 2: events by those credentials that iddio did not make.
  const bypasses = new Map<string, Finding>();
  if (credentials.size > 0) {
    for (const file of options.k8sAudit) {
      for await (const event of readNativeEvents(file, () => undefined)) {
        if (requests.has(event.auditID) || IDDIO_AUDIT_ID.test(event.auditID)) continue;
        if (!credentials.has(event.user.username)) continue;
        const previous = bypasses.get(event.auditID);
        if (previous && !better(previous.native, event)) continue;
        const claimed = event.impersonatedUser?.username;
        bypasses.set(event.auditID, {
          kind: 'bypass',
          message: `${event.user.username} made this request without an iddio Audit-ID${claimed ? ` (impersonating ${claimed})` : ''}`,
          native: event,
        });
      }
    }
  }
  findings.unshift(...bypasses.values(), ...strays.values());

  let notAnswered = 0;
  let outsideRange = 0;
  let matched = 0;
  for (const cmd of commands.values()) {
    for (const request of cmd.requests) {
      if (request.native) {
        matched++;
        const impersonated = request.native.impersonatedUser?.username;
        if (
          impersonated?.startsWith(AGENT_PREFIX) &&
          impersonated !== `${AGENT_PREFIX}${cmd.agent ?? ''}`
        ) {
          findings.push({
            kind: 'impersonation',
            message: `the cluster saw ${impersonated}, but iddio recorded agent ${cmd.agent ?? 'unknown'} for this request`,
            native: request.native,
            request_id: cmd.request_id,
            ...(cmd.agent !== undefined ? { agent: cmd.agent } : {}),
            request,
          });
        }
        continue;
      }
      if (request.status === 0) notAnswered++;
      else if (!((cmd.endMs ?? NaN) >= first && (cmd.startMs ?? NaN) <= last)) outsideRange++;
      else {
        findings.push({
          kind: 'missing',
          message: `no cluster audit event for ${request.method} ${request.path} (${request.status}): dropped by the server's audit policy, or never sent`,
          request_id: cmd.request_id,
          ...(cmd.agent !== undefined ? { agent: cmd.agent } : {}),
          request,
        });
      }
    }
  }

  return {
    iddioLog: options.iddioLog,
    k8sAudit: options.k8sAudit,
    nativeEvents,
    badNativeLines,
    badIddioLines,
    ...(Number.isFinite(first)
      ? { nativeFirst: new Date(first).toISOString(), nativeLast: new Date(last).toISOString() }
      : {}),
    credentials: [...credentials].sort(),
    commands: [...commands.values()].filter((cmd) => cmd.requests.length > 0),
    findings,
    notAnswered,
    outsideRange,
    matched,
    unexplained: findings.filter((f) => f.kind !== 'unreadable').length + badNativeLines,
  };
}
