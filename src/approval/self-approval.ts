/**
 * `iddio approve` is for people. An agent that could run it would approve its own requests,
 * so it refuses when anything in its environment identifies an agent — a token, a declared
 * name, or a known agent's marker variable — whatever its value. This is a tripwire for the
 * honest mistake and the lazy attempt, not a wall: an agent can unset variables. The wall
 * is require_signature with a passphrase only the human knows (docs/security.md).
 */
import { AGENT_MARKERS } from '../identity/resolve.js';

export function agentInEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const variables = ['IDDIO_AGENT_TOKEN', 'IDDIO_AGENT', ...AGENT_MARKERS.map((m) => m.variable)];
  return variables.find((name) => env[name] !== undefined && env[name] !== '');
}
