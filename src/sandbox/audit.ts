/**
 * The sandbox's own Kubernetes audit log: one audit.k8s.io/v1 Event per request (level Metadata,
 * stage ResponseComplete), so iddio's `audit correlate` can be shown end to end. Lines are
 * written synchronously and whole, in completion order.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { SandboxUser } from './auth.js';
import { rawPath, requestInfo, type RequestInfo } from '../kubectl/request-info.js';

const AUDIT_ID = /^[A-Za-z0-9-]{1,256}$/;

/** The Audit-ID header when it is valid (alphanumerics and hyphens, ≤256), else a fresh UUID. */
export function auditIdFor(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && AUDIT_ID.test(value) ? value : randomUUID();
}

export interface AuditRecord {
  auditID: string;
  info: RequestInfo;
  requestURI: string;
  user: SandboxUser;
  impersonatedUser?: SandboxUser;
  userAgent?: string;
  sourceIP?: string;
  code: number;
  received: Date;
  completed: Date;
}

/**
 * A request's audit line, begun as it arrives (its ID, what it asks for, when) and written once,
 * with its code and who it was, whichever way the request ends.
 */
export function beginAudit(
  log: AuditLog,
  req: IncomingMessage,
  now: () => Date,
  who: () => { user: SandboxUser; impersonated: SandboxUser | undefined },
): { auditID: string; info: RequestInfo; url: URL; write: (code: number) => void } {
  const received = now();
  const auditID = auditIdFor(req.headers['audit-id']);
  const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
  const info = requestInfo(req.method ?? 'GET', rawPath(req.url ?? '/'), url.searchParams);
  let written = false;
  const write = (code: number): void => {
    if (written) return;
    written = true;
    const { user, impersonated } = who();
    log.write({
      auditID,
      info,
      requestURI: req.url ?? '/',
      user,
      impersonatedUser: impersonated,
      userAgent: req.headers['user-agent'],
      sourceIP: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
      code,
      received,
      completed: now(),
    });
  };
  return { auditID, info, url, write };
}

/** RFC 3339 with microseconds, as the API server writes audit timestamps. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function auditEvent(record: AuditRecord): Record<string, unknown> {
  const { info } = record;
  const event: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: record.auditID,
    stage: 'ResponseComplete',
    requestURI: record.requestURI,
    verb: info.verb,
    user: {
      username: record.user.username,
      uid: record.user.uid || undefined,
      groups: record.user.groups,
    },
    sourceIPs: [record.sourceIP ?? '127.0.0.1'],
  };
  if (record.impersonatedUser) {
    event.impersonatedUser = {
      username: record.impersonatedUser.username,
      groups: record.impersonatedUser.groups,
      ...(record.impersonatedUser.extra !== undefined
        ? { extra: record.impersonatedUser.extra }
        : {}),
    };
  }
  if (record.userAgent !== undefined) event.userAgent = record.userAgent;
  if (info.isResource && info.resource !== undefined) {
    const ref: Record<string, unknown> = { resource: info.resource };
    if (info.namespace !== undefined) ref.namespace = info.namespace;
    if (info.name !== undefined) ref.name = info.name;
    if (info.group !== '') ref.apiGroup = info.group;
    ref.apiVersion = info.version;
    if (info.subresource !== undefined) ref.subresource = info.subresource;
    event.objectRef = ref;
  }
  event.responseStatus = { metadata: {}, code: record.code };
  event.requestReceivedTimestamp = microTime(record.received);
  event.stageTimestamp = microTime(record.completed);
  return event;
}

export class AuditLog {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', 0o600);
  }

  /** Lines that could not be written (disk full, file gone); the server keeps serving. */
  failures = 0;

  write(record: AuditRecord): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, `${JSON.stringify(auditEvent(record))}\n`);
    } catch {
      // This is the sandbox's imitation of a cluster audit log, not iddio's own log: a failed
      // write must not take the cluster down with it (iddio's log fails closed; this one is
      // counted instead).
      this.failures++;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
