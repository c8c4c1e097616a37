/**
 * When each agent last used its token, from the audit log: the newest non-`admin` event with
 * identity `token` for that agent name. A declared or detected name proves nothing about the
 * token, so it does not count. Streams the log (constant memory).
 */
import type { AuditEvent } from '../audit/event.js';

export async function lastSeenByAgent(
  events: AsyncIterable<{ event: AuditEvent }>,
  /**
   * When each name's current entry was created: a name revoked and added again is a new
   * agent, and the old token's use is not the new one's.
   */
  createdByAgent: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  for await (const { event } of events) {
    if (event.stage === 'admin' || event.identity !== 'token' || event.agent === undefined)
      continue;
    const created = createdByAgent.get(event.agent);
    if (created !== undefined && event.ts < created) continue;
    const previous = seen.get(event.agent);
    // RFC 3339 UTC with fixed precision sorts as text; the log is in order anyway.
    if (previous === undefined || event.ts > previous) seen.set(event.agent, event.ts);
  }
  return seen;
}
