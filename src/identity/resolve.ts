/**
 * Who is asking (SPEC §3), strongest evidence first: a token, a declared name, a recognised
 * agent environment, or nobody. A presented token that does not verify is an error (exit 3),
 * never a quiet fall-through to a weaker identity: that would let a revoked agent keep
 * working by simply declaring its name.
 */
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { stripControlLine } from '../common/sanitize.js';
import { AGENT_NAME_RULE, isValidAgentName } from './names.js';
import { findTokenOwner, type DigestCompare } from './token.js';
import { UNKNOWN_AGENT, type AgentRegistry, type ResolvedIdentity } from './types.js';

/** The environment variables identity depends on (the CLI passes process.env). */
export type IdentityEnv = Readonly<Record<string, string | undefined>>;

/**
 * Environment markers that agents set for the commands they run. Checked in this order;
 * the first one present names the agent. A marker only says which tool is running, not
 * who configured it, so it is the weakest identity short of none.
 */
export const AGENT_MARKERS: ReadonlyArray<{ variable: string; agent: string }> = [
  { variable: 'CLAUDECODE', agent: 'claude-code' },
  { variable: 'CURSOR_AGENT', agent: 'cursor-agent' },
  { variable: 'GEMINI_CLI', agent: 'gemini-cli' },
  { variable: 'CODEX_SANDBOX', agent: 'codex' },
  { variable: 'CODEX_THREAD_ID', agent: 'codex' },
];

export function resolveIdentity(
  env: IdentityEnv,
  registry: AgentRegistry,
  compare?: DigestCompare,
): ResolvedIdentity {
  const token = env.IDDIO_AGENT_TOKEN;
  const declared = env.IDDIO_AGENT;
  if (token !== undefined && token !== '') {
    const owner = findTokenOwner(token, registry.agents, compare);
    if (!owner) {
      throw new IddioError(
        'IDDIO_AGENT_TOKEN does not match any agent in agents.yaml; refusing (no fallback to a weaker identity)',
        {
          code: 'bad-token',
          exitCode: EXIT.denied,
        },
      );
    }
    if (owner.revoked) {
      throw new IddioError(
        `the token of agent "${owner.name}" was revoked at ${owner.revoked}; refusing`,
        {
          code: 'revoked-token',
          exitCode: EXIT.denied,
        },
      );
    }
    if (declared !== undefined && declared !== '' && declared !== owner.name) {
      throw new IddioError(
        `IDDIO_AGENT says "${stripControlLine(declared)}" but IDDIO_AGENT_TOKEN belongs to "${owner.name}"; refusing`,
        { code: 'agent-mismatch', exitCode: EXIT.denied },
      );
    }
    return { agent: owner.name, identity: 'token' };
  }
  if (declared !== undefined && declared !== '') {
    if (!isValidAgentName(declared) || declared === UNKNOWN_AGENT) {
      throw new IddioError(
        `IDDIO_AGENT "${stripControlLine(declared)}" is not a valid agent name (${AGENT_NAME_RULE})`,
        {
          code: 'bad-agent-name',
          exitCode: EXIT.denied,
        },
      );
    }
    return { agent: declared, identity: 'declared' };
  }
  for (const { variable, agent } of AGENT_MARKERS) {
    const value = env[variable];
    if (value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false') {
      return { agent, identity: 'detected' };
    }
  }
  return { agent: UNKNOWN_AGENT, identity: 'none' };
}
