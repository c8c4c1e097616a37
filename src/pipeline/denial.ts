/**
 * The one line a policy denial prints: what was refused, why (tier and the rule that placed it,
 * the policy line that denied it), the request ID to find it in the log, and what a human can
 * do about it. An agent reads this line too, so it also says not to retry: the answer will
 * not change until a human changes the policy.
 */
import { stripControlLine } from '../common/sanitize.js';

export interface Denial {
  argv: readonly string[];
  tier: number;
  tierLabel: string;
  /** The classification rule that placed the tier. */
  rule: string;
  /** The policy line that decided: `default.4`, `agents.x.tiers.3`, `agents.x.namespaces`, … */
  policyRule: string;
  /** The engine's reason (names the namespace or the missing token where that is the cause). */
  reason: string;
  requestId: string;
  agent: string;
  policyPath: string;
  /** False when no policy file exists and the built-in default applied. */
  policyFile: boolean;
}

const MAX_COMMAND = 120;

function command(argv: readonly string[]): string {
  const text = stripControlLine(['kubectl', ...argv].join(' '));
  return text.length > MAX_COMMAND ? `${text.slice(0, MAX_COMMAND - 1)}…` : text;
}

/** What a human can change, for each kind of policy line. */
function remedy(d: Denial): string {
  const file = d.policyFile ? d.policyPath : `${d.policyPath} (\`iddio init\` creates it)`;
  const agent = `agents.${d.agent}`;
  if (d.policyRule.endsWith('.require_token'))
    return `a human can issue the agent a token with \`iddio agent add ${d.agent}\` and set IDDIO_AGENT_TOKEN`;
  if (d.policyRule.endsWith('.namespaces'))
    return `a human can add the namespace to ${d.policyRule} in ${file}`;
  if (d.tier === 4)
    return `a human can allow break-glass for this agent only, with ${agent}.tiers.4 in ${file}, or run the command themselves`;
  if (d.policyRule.startsWith('default.'))
    return `a human can change ${d.policyRule}, or set ${agent}.tiers.${d.tier}, in ${file}`;
  return `a human can change ${d.policyRule} in ${file}`;
}

export function denialLine(d: Denial): string {
  // A tier decision is said by the policy line alone; other causes keep the engine's words.
  const tierDecision = /^(default|agents\..+\.tiers)\.\d$/.test(d.policyRule);
  const why = tierDecision
    ? `denied by policy ${d.policyRule}`
    : `denied because ${stripControlLine(d.reason)} (policy ${d.policyRule})`;
  return (
    `denied: ${command(d.argv)} is T${d.tier} ${d.tierLabel} (rule ${d.rule}), ${why}; ` +
    `request ${d.requestId}. Do not retry: ${remedy(d)}.`
  );
}
