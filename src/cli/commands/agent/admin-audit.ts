/**
 * The `admin` audit event for a credential change. The event's agent and identity are the
 * actor (whoever ran the command, usually a person: agent `unknown`, identity `none`, with
 * os_user and host); the agent the change is about is in `names`, with `resource: agents`.
 */
import { hostname, userInfo } from 'node:os';
import { appendAuditEvent } from '../../../audit/writer.js';
import { newRequestId } from '../../../audit/request-id.js';
import { agentAdminError, agentInEnvironment } from '../../../approval/self-approval.js';
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
      argv: ['agent', record.verb, record.name, ...(record.reissue ? ['--reissue'] : [])],
      verb: record.verb,
      resource: 'agents',
      names: [record.name],
      reason: record.reason,
    });
  };
}

/**
 * The agent-environment tripwire for `agent add|revoke` (approval/self-approval.ts), with the
 * refused attempt on record: who tried (as far as the environment says), what, and why not.
 */
export async function refuseAgentAdmin(
  paths: IddioPaths,
  env: NodeJS.ProcessEnv,
  argv: string[],
  action: string,
): Promise<void> {
  const variable = agentInEnvironment(env);
  if (variable === undefined) return;
  const error = agentAdminError(action, variable);
  let actor: { agent: string; identity: 'token' | 'declared' | 'detected' | 'none' } = {
    agent: 'unknown',
    identity: 'none',
  };
  try {
    actor = resolveIdentity(env, readRegistry(paths.agents));
  } catch {
    // A token that does not verify: the refusal stands, recorded without an identity.
  }
  await appendAuditEvent(paths.auditLog, {
    stage: 'admin',
    request_id: newRequestId(),
    agent: actor.agent,
    identity: actor.identity,
    ...osUser(),
    host: hostname(),
    argv,
    verb: argv[1] ?? 'admin',
    resource: 'agents',
    names: argv.slice(2, 3),
    decision: 'deny',
    reason: error.message,
  });
  throw error;
}

function osUser(): { os_user?: string } {
  try {
    return { os_user: userInfo().username };
  } catch {
    return {}; // no passwd entry (some containers): omitted, as absent values are
  }
}
