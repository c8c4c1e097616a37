/**
 * Who sent a request: the bearer token's user (a fixed sandbox user or a token minted by
 * `serviceaccounts/token`), then who it acts as (impersonation headers). Shared by the request
 * router and the stream upgrade entry, so both authenticate the same way.
 */
import type { IncomingMessage } from 'node:http';
import { authenticate, type Credential, type SandboxUser } from '../auth.js';
import { impersonatedUser } from '../impersonation.js';
import type { SandboxState } from '../state.js';

export interface IdentityOptions {
  state: SandboxState;
  credentials: readonly Credential[];
}

export function authenticatedUser(
  req: IncomingMessage,
  options: IdentityOptions,
): SandboxUser | undefined {
  return (
    authenticate(req.headers.authorization, options.credentials) ??
    options.state.issuedTokens.get(
      /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? '',
    )
  );
}

/** The impersonated user, if the headers ask for one; throws the API server's 403 / 400. */
export function actingAs(
  req: IncomingMessage,
  user: SandboxUser,
  options: IdentityOptions,
): SandboxUser | undefined {
  return impersonatedUser(
    user,
    req.headers,
    options.credentials.map((c) => c.user),
    options.state.store,
  );
}
