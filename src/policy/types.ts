/** The policy's vocabulary (SPEC §5): what a loaded policy holds and what the engine answers. */
import type { Tier } from '../classify/types.js';
import type { IdentityKind } from '../identity/types.js';

export type Decision = 'allow' | 'deny' | 'escalate';
export const DECISIONS: readonly Decision[] = ['allow', 'escalate', 'deny'];

export type ApprovalChannel = 'auto' | 'tty' | 'inbox';
export const APPROVAL_CHANNELS: readonly ApprovalChannel[] = ['auto', 'tty', 'inbox'];

/** What the approval stage needs to know (SPEC §6). */
export interface ApprovalSettings {
  /** How long to wait for a human before denying. */
  timeout_ms: number;
  channel: ApprovalChannel;
  require_signature: boolean;
}

/** One step of a runbook: a write this agent may do at T1 instead of T2. */
export interface RunbookStep {
  /** kubectl verbs: `patch`, or a verb and sub-verb such as `rollout restart`. */
  verbs: string[];
  /** API resources as `plural`, `plural.group` or `plural/subresource` (see docs/policy.md). */
  resources: string[];
  /** Optional namespace globs; when present the write must be inside them too. */
  namespaces?: string[];
}

export interface AgentPolicy {
  name: string;
  /** Namespace globs; undefined means "not restricted by namespace". */
  namespaces?: string[];
  /** Per-tier decisions that replace the policy default for this agent. */
  tiers: Partial<Record<Tier, Decision>>;
  runbooks: string[];
  /** When true, this agent's entry applies only to a token identity; anything weaker is denied. */
  require_token: boolean;
  /** Groups the gateway names upstream for this agent when it impersonates (beside iddio:agents). */
  groups?: string[];
}

/**
 * What an exec or attach session whose stream cannot be recorded gets: `required` refuses it,
 * `best-effort` forwards it and says so in its `completed` event.
 */
export type InteractiveRecording = 'required' | 'best-effort';
export const INTERACTIVE_RECORDING: readonly InteractiveRecording[] = ['required', 'best-effort'];

/** Session recordings (the stored copy of each command's output). */
export interface RecordingPolicy {
  /** Output kept per command, in bytes; the rest is left out with a marker. */
  max_bytes: number;
  /** Recordings older than this are removed; 0 keeps them forever. */
  retention_ms: number;
  interactive: InteractiveRecording;
}

export interface Policy {
  /** The file it was loaded from, or `built-in`. */
  source: string;
  version: 1;
  default: Record<Tier, Decision>;
  approval: ApprovalSettings;
  recording: RecordingPolicy;
  /** Keyed by agent name (a Map, so a name like `constructor` is only ever a name). */
  agents: Map<string, AgentPolicy>;
  runbooks: Map<string, RunbookStep[]>;
  /** `iddio serve` settings. */
  gateway: { impersonate: boolean };
}

export interface ResourceRef {
  /** The plural API resource, e.g. `deployments`. */
  resource: string;
  /** The API group; `''` is the core group. Undefined when unknown. */
  group?: string;
  subresource?: string;
}

/** The engine's input: everything a decision depends on, and nothing else. */
export interface DecisionRequest {
  agent: string;
  identity: IdentityKind;
  /** The classifier's tier. */
  tier: Tier;
  verb: string;
  subverb?: string;
  resources: ResourceRef[];
  /**
   * The namespaces the request touches (explicit, from manifests, or the context default);
   * `'*'` stands for all namespaces (`-A`). Empty when nothing namespaced is touched.
   */
  namespaces: string[];
  /** True when any part of the request is cluster-scoped or not about a resource at all. */
  clusterScoped: boolean;
}

export interface DecisionResult {
  decision: Decision;
  /** One sentence a human can read in the audit log and the approval prompt. */
  reason: string;
  /** The policy path that decided, e.g. `default.4` or `agents.claude-code.tiers.2`. */
  policy_rule: string;
  /** The tier after runbook lowering (T2 → T1 only). */
  tier: Tier;
  /** The runbook that lowered the tier, when one did. */
  runbook?: string;
}
