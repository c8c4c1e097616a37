/**
 * The first link of the gateway's chain: the bearer token → an agent from agents.yaml. The
 * gateway never trusts a declared name or an agent environment: a token is the only identity,
 * so every request it forwards is `identity: token`. agents.yaml is re-read when it changes on
 * disk, so `iddio agent revoke` takes effect on the next request without a restart.
 */
import { statSync } from 'node:fs';
import { findTokenOwner } from '../identity/token.js';
import { readRegistry } from '../identity/store.js';
import type { AgentRegistry, IdentityKind } from '../identity/types.js';
import { timingSafeEqual } from 'node:crypto';

export type Authentication =
  | { ok: true; agent: string; identity?: IdentityKind }
  | { ok: false; why: 'missing' | 'unknown' | 'revoked' | 'registry'; message: string };

export interface Authenticator {
  authenticate(authorization: string | undefined): Authentication;
}

export function registryAuthenticator(agentsPath: string): Authenticator {
  let cached: { stamp: string; registry: AgentRegistry } | undefined;
  const registry = (): AgentRegistry => {
    let stamp = 'absent';
    try {
      const st = statSync(agentsPath);
      stamp = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    } catch {
      // absent: an empty registry, which authenticates nobody
    }
    if (cached?.stamp !== stamp) cached = { stamp, registry: readRegistry(agentsPath) };
    return cached.registry;
  };
  return {
    authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match?.[1]) {
        return { ok: false, why: 'missing', message: 'iddio: an agent token is required' };
      }
      let owner;
      try {
        owner = findTokenOwner(match[1], registry().agents);
      } catch (error) {
        // A malformed agents.yaml authenticates nobody (fail closed), and says why in the log.
        return { ok: false, why: 'registry', message: `iddio: ${(error as Error).message}` };
      }
      if (!owner) return { ok: false, why: 'unknown', message: 'iddio: unknown agent token' };
      if (owner.revoked !== undefined) {
        return {
          ok: false,
          why: 'revoked',
          message: `iddio: the token of agent "${owner.name}" was revoked`,
        };
      }
      return { ok: true, agent: owner.name };
    },
  };
}

/**
 * The ephemeral gateway of one passthrough command: exactly one token, made for it and known
 * only to the kubeconfig it hands the real kubectl; the identity is the one the pipeline
 * already resolved for the command.
 */
export function oneTimeAuthenticator(expected: {
  token: string;
  agent: string;
  identity: IdentityKind;
}): Authenticator {
  const want = Buffer.from(expected.token);
  return {
    authenticate(authorization) {
      const got = Buffer.from(/^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '');
      if (got.length === want.length && timingSafeEqual(got, want)) {
        return { ok: true, agent: expected.agent, identity: expected.identity };
      }
      return { ok: false, why: 'unknown', message: "iddio: not this command's token" };
    },
  };
}
