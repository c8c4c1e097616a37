/** Who is asking (SPEC §3), strongest evidence first. */
export type IdentityKind = 'token' | 'declared' | 'detected' | 'none';
export const IDENTITY_KINDS: readonly IdentityKind[] = ['token', 'declared', 'detected', 'none'];

export interface ResolvedIdentity {
  agent: string;
  identity: IdentityKind;
}

/** The agent name used when nothing identifies the caller. */
export const UNKNOWN_AGENT = 'unknown';

/** One entry of agents.yaml. Only the token's SHA-256 is ever stored. */
export interface AgentRecord {
  name: string;
  /** Lowercase hex SHA-256 of the token's UTF-8 bytes. */
  sha256: string;
  /** RFC 3339 UTC. */
  created: string;
  /** RFC 3339 UTC when revoked; absent while active. */
  revoked?: string;
  /**
   * Further tokens of the same agent (one per `iddio agent kubeconfig`), each valid until the
   * agent is revoked, so handing out a new kubeconfig never breaks one already in use.
   */
  tokens?: Array<{ sha256: string; created: string }>;
}

export interface AgentRegistry {
  /** The file it came from (for messages); the registry may be empty when it is absent. */
  source: string;
  agents: AgentRecord[];
}
