/**
 * The policy engine: a pure function from a request and a policy to allow, escalate or
 * deny. The order of the checks is the contract documented in docs/policy.md; keep the two
 * in step. Every path that is not an explicit allow ends in escalate or deny.
 */
import { isTier, tierLabel, type Tier } from '../classify/types.js';
import { globMatch } from './glob.js';
import type {
  AgentPolicy,
  Decision,
  DecisionRequest,
  DecisionResult,
  Policy,
  ResourceRef,
  RunbookStep,
} from './types.js';

/** The request namespace that stands for "all namespaces" (`-A`). */
export const ALL_NAMESPACES = '*';

export function decide(request: DecisionRequest, policy: Policy): DecisionResult {
  const classified = request.tier;
  if (!isTier(classified)) {
    return {
      decision: 'deny',
      reason: `no such tier ${String(classified)}`,
      policy_rule: 'engine.tier',
      tier: 4,
    };
  }
  const agent = policy.agents.get(request.agent);
  const where = agent ? `agents.${agent.name}` : undefined;

  // 1. An entry that demands a token applies only to a token identity.
  if (agent?.require_token && request.identity !== 'token') {
    return deny(
      `agent ${agent.name} must present its token (IDDIO_AGENT_TOKEN); identity was ${request.identity}`,
      `${where}.require_token`,
      classified,
    );
  }

  // 2. Namespace scope.
  if (agent?.namespaces) {
    const outside = namespaceViolation(agent.namespaces, request, classified);
    if (outside) {
      return deny(
        `${outside} is outside agent ${agent.name}'s namespaces (${agent.namespaces.join(', ')})`,
        `${where}.namespaces`,
        classified,
      );
    }
  }

  // 3. Runbooks lower a matching T2 write to T1, and nothing else.
  let tier: Tier = classified;
  let runbook: string | undefined;
  if (agent && classified === 2) {
    runbook = matchingRunbook(agent, policy.runbooks, request);
    if (runbook !== undefined) tier = 1;
  }

  // 4. The agent's own decision for the tier, else the policy default.
  const own = agent?.tiers[tier];
  const decision: Decision = own ?? policy.default[tier] ?? 'deny';
  const rule = own !== undefined ? `${where}.tiers.${tier}` : `default.${tier}`;
  const by =
    own !== undefined
      ? `agent ${agent?.name}'s tiers`
      : policy.source === 'built-in'
        ? 'the built-in default policy'
        : 'the policy default';
  const lowered =
    runbook !== undefined ? `T2 write matches runbook ${runbook}, lowered to T1; ` : '';

  // Break-glass is never granted by a default, only by the agent's own entry (the loader
  // refuses such a file; this guards policies built in code too).
  if (tier === 4 && decision === 'allow' && own === undefined) {
    return deny(
      'tier 4 (break-glass) is allowed only by an agent\'s own "tiers"',
      'default.4',
      tier,
    );
  }
  return {
    decision,
    reason: `${lowered}tier ${tier} (${tierLabel(tier)}) is ${PAST[decision]} by ${by}`,
    policy_rule: rule,
    tier,
    ...(runbook !== undefined ? { runbook } : {}),
  };
}

const PAST: Record<Decision, string> = { allow: 'allowed', deny: 'denied', escalate: 'escalated' };

function deny(reason: string, policy_rule: string, tier: Tier): DecisionResult {
  return { decision: 'deny', reason, policy_rule, tier };
}

/** Names the first part of the request outside `globs`, or undefined when it is all inside. */
function namespaceViolation(
  globs: string[],
  request: DecisionRequest,
  tier: Tier,
): string | undefined {
  if (globs.includes('*')) return undefined; // "*" lifts the namespace restriction entirely
  for (const namespace of request.namespaces) {
    if (!namespaceAllowed(globs, namespace)) {
      return namespace === ALL_NAMESPACES ? 'all namespaces (-A)' : `namespace "${namespace}"`;
    }
  }
  // Cluster-scoped parts live in no namespace; a namespace-limited agent may only read them.
  if ((request.clusterScoped || request.namespaces.length === 0) && tier !== 0) {
    return `a cluster-scoped T${tier} request`;
  }
  return undefined;
}

function namespaceAllowed(globs: string[], namespace: string): boolean {
  // "All namespaces" is inside only a glob that is exactly "*"; `?` or `a*` must not match it.
  if (namespace === ALL_NAMESPACES) return globs.includes('*');
  return globs.some((glob) => globMatch(glob, namespace));
}

function matchingRunbook(
  agent: AgentPolicy,
  runbooks: Map<string, RunbookStep[]>,
  request: DecisionRequest,
): string | undefined {
  if (request.resources.length === 0) return undefined;
  for (const name of agent.runbooks) {
    const steps = runbooks.get(name) ?? [];
    if (steps.some((step) => stepMatches(step, request))) return name;
  }
  return undefined;
}

function stepMatches(step: RunbookStep, request: DecisionRequest): boolean {
  const verbOk = step.verbs.some((verb) => {
    const [word, sub] = verb.split(' ');
    return word === request.verb && (sub === undefined || sub === request.subverb);
  });
  if (!verbOk) return false;
  if (
    !request.resources.every((ref) =>
      step.resources.some((pattern) => resourceMatches(pattern, ref)),
    )
  )
    return false;
  if (step.namespaces) {
    const globs = step.namespaces;
    if (request.clusterScoped || request.namespaces.length === 0) return false;
    if (!request.namespaces.every((ns) => namespaceAllowed(globs, ns))) return false;
  }
  return true;
}

/** `plural`, `plural.group`, `plural/subresource` or `plural.group/subresource`. */
export function resourceMatches(pattern: string, ref: ResourceRef): boolean {
  const [base = '', sub] = pattern.split('/');
  const dot = base.indexOf('.');
  const plural = dot === -1 ? base : base.slice(0, dot);
  const group = dot === -1 ? undefined : base.slice(dot + 1);
  if (plural !== ref.resource) return false;
  if (group !== undefined && group !== ref.group) return false;
  return sub === undefined ? !ref.subresource : sub === ref.subresource;
}
