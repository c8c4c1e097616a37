/**
 * classify → decide → approve → record `decided`, for one request of a gateway command: the
 * same stages `iddio kubectl` runs, called with the wire's Invocation. The identity is always
 * the token's. A request the command's grant already covers (same or lower tier, namespaces
 * already allowed, within the grant's time) runs on that decision; anything more is decided
 * anew, so a command approved for a scale that then sends a DELETE is asked about (or refused
 * for) the DELETE.
 */
import type { ApprovalChannel, ApprovalOutcome } from '../approval/types.js';
import type { AuditEventInput } from '../audit/event.js';
import { classify } from '../classify/index.js';
import { tierLabel, type Classification, type Tier } from '../classify/types.js';
import type { Invocation } from '../kubectl/invocation.js';
import { ALL_NAMESPACES, decide } from '../policy/engine.js';
import { decisionRequestFrom } from '../policy/request.js';
import type { DecisionRequest, Policy } from '../policy/types.js';
import { approvalFields } from '../pipeline/run-kubectl.js';
import { baseEvent, type RequestFacts } from '../pipeline/events.js';
import type { GatewayCommand, Grant } from './commands.js';
import type { SettingsSource } from './settings.js';
import { status, type GatewayStatus } from './status.js';

export interface AuthorizeDeps {
  settings: SettingsSource;
  approver: ApprovalChannel;
  record: (input: AuditEventInput) => Promise<unknown>;
  /** The request-level fields every event of a command carries. */
  facts: (command: GatewayCommand, invocation?: Invocation) => RequestFacts;
  upstream: { context?: string; server?: string };
  grantMs: number;
  /** `refuse`: an escalation is a refusal (a passthrough command's human was already asked). */
  escalations: 'ask' | 'refuse';
  now: () => number;
}

/** Allowed (at the tier the request was decided or covered at), or the refusal to send. */
export type Authorization = { ok: true; tier: Tier } | { ok: false; status: GatewayStatus };

const DEFAULT_NAMESPACE = 'default';
/** The policy key a `check` refusal is recorded under. */
const CHECK_RULE = 'recording.interactive';

/**
 * `check` is asked, with the policy, whether this request must be refused for a reason of its
 * own (an exec session that cannot be recorded under `recording.interactive: required`): that
 * refusal is a `decided` deny like the policy's, and no grant covers it.
 */
export async function authorize(
  deps: AuthorizeDeps,
  command: GatewayCommand,
  invocation: Invocation,
  check?: (policy: Policy) => string | undefined,
): Promise<Authorization> {
  let classification: Classification;
  let request: DecisionRequest;
  let result;
  let checkRefused = false;
  try {
    const { rules, policy } = deps.settings.current();
    classification = classify(invocation, rules, { defaultNamespace: DEFAULT_NAMESPACE });
    request = decisionRequestFrom(
      invocation,
      classification,
      { agent: command.agent, identity: command.identity },
      DEFAULT_NAMESPACE,
    );
    result = { ...decide(request, policy), policy };
    if (result.decision === 'escalate' && deps.escalations === 'refuse') {
      result = {
        ...result,
        decision: 'deny' as const,
        reason: `${result.reason}, beyond what this command was approved for (run it again to ask)`,
      };
    }
    const own = check?.(policy);
    if (own !== undefined && result.decision !== 'deny') {
      checkRefused = true;
      result = { ...result, decision: 'deny' as const, reason: own, policy_rule: CHECK_RULE };
    }
  } catch (error) {
    // A policy or rule file that does not load refuses everything, on record.
    const why = `iddio: refused: ${(error as Error).message}`;
    await deps.record({
      ...baseEvent('decided', deps.facts(command, invocation), invocation, undefined),
      decision: 'deny',
      reason: why,
    });
    return { ok: false, status: status('Forbidden', why) };
  }
  if (!checkRefused && covered(command.grants, request, result.tier, deps.now()))
    return { ok: true, tier: result.tier };

  // One decision at a time per command: a second request waits for the first one's human.
  const decided = command.deciding.then(async (): Promise<Authorization> => {
    if (!checkRefused && covered(command.grants, request, result.tier, deps.now()))
      return { ok: true, tier: result.tier };
    // A command refused at some tier is not asked about again at that tier or above.
    const refusal = command.refusal;
    if (!checkRefused && refusal && result.tier >= refusal.tier)
      return { ok: false, status: refusal.status };
    const tiered = { ...classification, tier: result.tier, tier_label: tierLabel(result.tier) };
    const facts = deps.facts(command, invocation);
    const reason = `${result.reason} (policy ${result.policy_rule})`;
    let outcome: ApprovalOutcome | undefined;
    if (result.decision === 'escalate') {
      await deps.record({
        ...baseEvent('escalated', facts, invocation, tiered),
        decision: 'escalate',
        reason,
      });
      outcome = await ask(deps, command, invocation, tiered, reason, result.policy);
    }
    await deps.record({
      ...baseEvent('decided', facts, invocation, tiered),
      decision: result.decision,
      reason: outcome ? `${reason}; ${outcome.reason}` : reason,
      ...(outcome ? approvalFields(outcome) : {}),
    });
    const where = `T${tiered.tier} ${tiered.tier_label}, rule ${tiered.rule}, request ${command.requestId}`;
    const refused =
      result.decision === 'deny'
        ? `iddio: denied: ${reason} (${where})`
        : outcome && !outcome.approved
          ? `iddio: not approved: ${outcome.reason} (${where})`
          : undefined;
    if (refused !== undefined) {
      command.refusal = { tier: result.tier, status: status('Forbidden', refused) };
      return { ok: false, status: command.refusal.status };
    }
    command.grants.push({
      tier: result.tier,
      namespaces: new Set(request.namespaces),
      clusterScoped: request.clusterScoped,
      until: deps.now() + deps.grantMs,
    });
    return { ok: true, tier: result.tier };
  });
  command.deciding = decided.catch(() => undefined);
  return decided;
}

async function ask(
  deps: AuthorizeDeps,
  command: GatewayCommand,
  invocation: Invocation,
  classification: Classification,
  reason: string,
  policy: Policy,
): Promise<ApprovalOutcome> {
  const asked = deps.now();
  try {
    return await deps.approver.ask({
      requestId: command.requestId,
      agent: command.agent,
      identity: command.identity,
      argv: invocation.argv,
      ...(deps.upstream.context !== undefined ? { context: deps.upstream.context } : {}),
      ...(deps.upstream.server !== undefined ? { server: deps.upstream.server } : {}),
      ...(invocation.namespace !== undefined ? { namespace: invocation.namespace } : {}),
      tier: classification.tier,
      tierLabel: classification.tier_label,
      rule: classification.rule,
      timeoutMs: policy.approval.timeout_ms,
      // Nobody sits at the gateway's terminal: a human answers through the inbox.
      channel: 'inbox',
      requireSignature: policy.approval.require_signature,
      reason,
    });
  } catch (error) {
    return {
      approved: false,
      outcome: 'error',
      approvedBy: 'error',
      channel: 'none',
      latencyMs: deps.now() - asked,
      reason: `asking for approval failed, so the escalation is declined: ${(error as Error).message}`,
    };
  }
}

/** A grant covers a request at or below its tier, in namespaces (and scope) it allowed. */
function covered(
  grants: readonly Grant[],
  request: DecisionRequest,
  tier: number,
  now: number,
): boolean {
  return grants.some((grant) => {
    if (now > grant.until || tier > grant.tier) return false;
    if (request.clusterScoped && !grant.clusterScoped) return false;
    if (grant.namespaces.has(ALL_NAMESPACES)) return true;
    return request.namespaces.every((ns) => grant.namespaces.has(ns));
  });
}
