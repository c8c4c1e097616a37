/**
 * Commands for people: `approve`/`deny` (an agent would approve its own requests) and every
 * command that changes who may do what — `agent add|revoke`, `approver add`, `init` (writes the
 * policy), `audit checkpoint --init-key` (the key that vouches for the log). Each refuses when
 * anything in its environment identifies an agent — a token, a declared name, or a known
 * agent's marker variable — whatever its value. This is a tripwire for the honest mistake and
 * the lazy attempt, not a wall: an agent can unset variables. The wall is OS separation and,
 * for approvals, require_signature with a passphrase only the human knows (docs/security.md).
 */
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { AGENT_MARKERS } from '../identity/resolve.js';

export function agentInEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const variables = ['IDDIO_AGENT_TOKEN', 'IDDIO_AGENT', ...AGENT_MARKERS.map((m) => m.variable)];
  return variables.find((name) => env[name] !== undefined && env[name] !== '');
}

/** The error for `action` (e.g. "revoke an agent") run from an agent's environment. */
export function agentAdminError(action: string, variable: string): IddioError {
  return new IddioError(
    `refusing to ${action}: ${variable} is set, so an agent may be running this; a human must run it from their own shell`,
    { code: 'self-approval', exitCode: EXIT.denied },
  );
}

/** Throws agentAdminError when the environment shows an agent. */
export function refuseAgentEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  action: string,
): void {
  const variable = agentInEnvironment(env);
  if (variable !== undefined) throw agentAdminError(action, variable);
}
