/**
 * The `admin` audit event for a credential change. The event's agent and identity are the
 * actor (whoever ran the command, usually a person: agent `unknown`, identity `none`, with
 * os_user and host); the agent the change is about is in `names`, with `resource: agents`.
 */
import { hostname, userInfo } from 'node:os';
import { appendAuditEvent } from '../../../audit/writer.js';
import { newRequestId } from '../../../audit/request-id.js';
import type { AdminAudit } from '../../../identity/admin.js';
import { resolveIdentity } from '../../../identity/resolve.js';
import { readRegistry } from '../../../identity/store.js';
import type { IddioPaths } from '../../env.js';

export function adminAudit(paths: IddioPaths, env: NodeJS.ProcessEnv): AdminAudit {
  // Resolved before anything changes: a bad token in the actor's environment is refused here too.
  const actor = resolveIdentity(env, readRegistry(paths.agents));
  return async (record) => {
    await appendAuditEvent(paths.auditLog, {
      stage: 'admin',
      request_id: newRequestId(),
      agent: actor.agent,
      identity: actor.identity,
      ...osUser(),
      host: hostname(),
      argv: ['agent', record.verb, record.name],
      verb: record.verb,
      resource: 'agents',
      names: [record.name],
      reason: record.reason,
    });
  };
}

function osUser(): { os_user?: string } {
  try {
    return { os_user: userInfo().username };
  } catch {
    return {}; // no passwd entry (some containers): omitted, as absent values are
  }
}
