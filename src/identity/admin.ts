/**
 * The credential lifecycle behind `iddio agent add|revoke`. Each change is recorded in the
 * audit log before agents.yaml changes, under the registry lock:
 *
 *   lock → read → plan the change (validates) → append the `admin` event → write the file
 *
 * so "no audit, no change": when the event cannot be written (exit 5) the file is untouched
 * and no token is shown. Audit-first rather than write-then-roll-back, because a crash
 * between the two steps must leave, at worst, a recorded change that did not happen, never an
 * unrecorded credential. If the write fails after the event, a second event records that
 * the change failed, and the token is not shown.
 *
 * The audit writer is passed in, so this module does not depend on the log's internals.
 */
import { generateToken, tokenSha256 } from './token.js';
import { checkAgentName, withAgent, withExtraToken, withRevoked } from './registry.js';
import { updateRegistry } from './store.js';

/** What the lifecycle needs to say in an `admin` event; the caller adds actor and ids. */
export interface AdminRecord {
  verb: 'add' | 'revoke' | 'token';
  /** The agent the change is about. */
  name: string;
  reason: string;
  /** `agent add --reissue`: a revoked name given out again. */
  reissue?: boolean;
}

export type AdminAudit = (record: AdminRecord) => Promise<void>;

export interface AddedAgent {
  name: string;
  token: string;
  sha256: string;
  created: string;
}

export async function addAgent(options: {
  registryPath: string;
  name: string;
  now: Date;
  audit: AdminAudit;
  /** Give a revoked name a new token (refused without it). */
  reissue?: boolean;
}): Promise<AddedAgent> {
  const { name } = options;
  checkAgentName(name); // before taking any lock or writing anything
  const token = generateToken();
  const sha256 = tokenSha256(token);
  const created = options.now.toISOString();
  await guarded(options.audit, name, 'add', (audit) =>
    updateRegistry(options.registryPath, async (current) => {
      const revoked = current.agents.find((agent) => agent.name === name)?.revoked;
      const registry = withAgent(current, name, sha256, created, options.reissue === true);
      await audit({
        verb: 'add',
        name,
        reason:
          revoked === undefined
            ? `token issued (sha256 ${fingerprint(sha256)})`
            : `token REISSUED under a name revoked at ${revoked} (sha256 ${fingerprint(sha256)})`,
        ...(revoked === undefined ? {} : { reissue: true }),
      });
      return { registry, result: undefined };
    }),
  );
  return { name, token, sha256, created };
}

/**
 * A token for `name`: a new agent when there is none of that name (or only a revoked one),
 * else a further token beside the ones it has, which keep working until the agent is revoked.
 */
export async function issueToken(options: {
  registryPath: string;
  name: string;
  now: Date;
  audit: AdminAudit;
}): Promise<AddedAgent & { added: boolean }> {
  const { name } = options;
  checkAgentName(name);
  const token = generateToken();
  const sha256 = tokenSha256(token);
  const created = options.now.toISOString();
  let added = false;
  await guarded(options.audit, name, 'token', (audit) =>
    updateRegistry(options.registryPath, async (current) => {
      const active = current.agents.find((agent) => agent.name === name && !agent.revoked);
      added = active === undefined;
      const registry = added
        ? withAgent(current, name, sha256, created)
        : withExtraToken(current, name, sha256, created);
      await audit({
        verb: added ? 'add' : 'token',
        name,
        reason: `${added ? 'token issued' : 'further token issued'} for a gateway kubeconfig (sha256 ${fingerprint(sha256)})`,
      });
      return { registry, result: undefined };
    }),
  );
  return { name, token, sha256, created, added };
}

export async function revokeAgent(options: {
  registryPath: string;
  name: string;
  now: Date;
  audit: AdminAudit;
}): Promise<{ name: string; revoked: string }> {
  const { name } = options;
  const revoked = options.now.toISOString();
  await guarded(options.audit, name, 'revoke', (audit) =>
    updateRegistry(options.registryPath, async (current) => {
      const registry = withRevoked(current, name, revoked);
      const sha256 = current.agents.find((agent) => agent.name === name)?.sha256 ?? '';
      await audit({
        verb: 'revoke',
        name,
        reason: `token revoked (sha256 ${fingerprint(sha256)})`,
      });
      return { registry, result: undefined };
    }),
  );
  return { name, revoked };
}

/** A short, non-secret handle on a token hash that links `add`, `revoke` and the file. */
export function fingerprint(sha256: string): string {
  return sha256.slice(0, 12);
}

/**
 * Runs `work`; if it fails after the audit event was written (the file write), records the
 * failure too, best effort, so the log does not claim a change that did not happen.
 */
async function guarded(
  audit: AdminAudit,
  name: string,
  verb: AdminRecord['verb'],
  work: (audit: AdminAudit) => Promise<void>,
): Promise<void> {
  let audited = false;
  try {
    await work(async (record) => {
      await audit(record);
      audited = true;
    });
  } catch (error) {
    if (audited) {
      const why = error instanceof Error ? error.message : String(error);
      await audit({
        verb,
        name,
        reason: `FAILED after being recorded; agents.yaml unchanged: ${why}`,
      }).catch(() => {});
    }
    throw error;
  }
}
