/** The policy engine: the public surface other modules use (see docs/policy.md). */
export { decide, ALL_NAMESPACES } from './engine.js';
export { readPolicy, parsePolicy } from './load.js';
export { builtinPolicy, DEFAULT_POLICY_YAML } from './default.js';
export { decisionRequestFrom } from './request.js';
export { ConfigError } from './yaml-source.js';
export {
  DECISIONS,
  APPROVAL_CHANNELS,
  type Decision,
  type ApprovalChannel,
  type ApprovalSettings,
  type Policy,
  type AgentPolicy,
  type RunbookStep,
  type ResourceRef,
  type DecisionRequest,
  type DecisionResult,
} from './types.js';
