/**
 * The `admin` audit event for a human's approval action (a decision written, an approver key
 * added). Written before the change it describes: no audit, no change.
 */
import { hostname, userInfo } from 'node:os';
import { appendAuditEvent } from '../../../audit/writer.js';
import { newRequestId } from '../../../audit/request-id.js';
import type { IddioPaths } from '../../env.js';

export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}

export async function recordAdmin(
  paths: IddioPaths,
  fields: { argv: string[]; verb: string; resource: string; names: string[]; reason: string },
  /** The request an approve/deny decides: its events and this one then share one request_id. */
  requestId?: string,
): Promise<void> {
  await appendAuditEvent(paths.auditLog, {
    stage: 'admin',
    request_id: requestId ?? newRequestId(),
    agent: 'unknown',
    identity: 'none',
    os_user: osUserName(),
    host: hostname(),
    ...fields,
  });
}
