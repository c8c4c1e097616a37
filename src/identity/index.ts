/** Agent identity, tokens and sessions: the public surface other modules use (SPEC §3). */
export { resolveIdentity, AGENT_MARKERS, type IdentityEnv } from './resolve.js';
export { readRegistry } from './store.js';
export { resolveSession } from './session-store.js';
export { SESSION_GAP_MS } from './session.js';
export { addAgent, revokeAgent, type AdminAudit, type AdminRecord } from './admin.js';
export { lastSeenByAgent } from './last-seen.js';
export { isValidAgentName } from './names.js';
export {
  UNKNOWN_AGENT,
  IDENTITY_KINDS,
  type IdentityKind,
  type ResolvedIdentity,
  type AgentRecord,
  type AgentRegistry,
} from './types.js';
