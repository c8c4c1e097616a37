/**
 * The built-in policy (SPEC §4 and §5), used when $IDDIO_HOME/policy.yaml does not exist,
 * and the commented file `iddio init` writes. The file's active settings are exactly the
 * built-in ones (a test holds them equal), so running `iddio init` never changes a decision;
 * the per-agent part is written commented out, as a worked example to adapt.
 *
 * Comment convention, from "#agents:" on: prose lines start with "# " and one space;
 * commented-out settings start with "#" and then the YAML as it would be written (column 0,
 * or indented by two or more), so removing that "#" enables them. A test relies on this.
 */
import type { Policy } from './types.js';

export function builtinPolicy(): Policy {
  return {
    source: 'built-in',
    version: 1,
    default: { 0: 'allow', 1: 'allow', 2: 'escalate', 3: 'escalate', 4: 'deny' },
    approval: { timeout_ms: 60_000, channel: 'auto', require_signature: false },
    recording: {
      max_bytes: 10 * 1024 * 1024,
      retention_ms: 365 * 24 * 60 * 60 * 1000,
      interactive: 'best-effort',
    },
    agents: new Map(),
    runbooks: new Map(),
    gateway: { impersonate: false },
  };
}

export const DEFAULT_POLICY_YAML = `# iddio policy (see docs/policy.md). Decides, per agent and per risk tier, whether a kubectl
# request runs (allow), waits for a human (escalate) or is refused (deny).
#
# Read docs/policy.md for the exact decision order. In short, for each request:
#   1. the agent's entry below (if any) applies; require_token denies weaker identities;
#   2. a namespace outside the agent's "namespaces" globs is denied;
#   3. a T2 write that matches one of the agent's runbooks is lowered to T1;
#   4. the agent's "tiers" decide that tier if they name it, otherwise "default" does.
#
# Anything this file does not understand (an unknown key, tier, decision or runbook, a
# typo) makes iddio refuse every command with the file and line until it is fixed. It
# never falls back to "allow". \`iddio classify -- <kubectl args>\` shows a request's tier.

# The format version of this file. Required; only 1 exists.
version: 1

# The decision for each tier, for every agent. Tiers are 0-4 (or T0-T4); decisions are
# allow, escalate or deny. A tier left out keeps the built-in decision shown here.
#   0 observe      reads that reveal no credentials
#   1 operate      a write that matches one of the agent's runbooks
#   2 modify       creates and updates
#   3 sensitive    deletes, secret reads, evictions, node scheduling changes
#   4 break-glass  exec, port-forward, RBAC, impersonation, unknown verbs; only an agent's
#                  own "tiers" can allow it, never this default
default: { 0: allow, 1: allow, 2: escalate, 3: escalate, 4: deny }

# How an escalated request is put to a human.
approval:
  # How long to wait for an answer, then deny (exit 4). Units: ms, s, m, h.
  timeout: 60s
  # auto: the terminal when there is one, otherwise the file inbox; tty: the terminal
  # only; inbox: always the inbox (\`iddio inbox\`, \`iddio approve\`, \`iddio deny\`).
  channel: auto
  # true: an inbox decision must be signed by a key in approvers.yaml (\`iddio approver add\`).
  require_signature: false

# Session recordings: every command's output, secrets redacted, stored gzipped under
# $IDDIO_HOME/sessions/ (\`iddio session list|show|replay\`).
recording:
  # Output kept per command (B, KB, MB, GB; KB = 1024 bytes); the rest is left out and marked.
  max_bytes: 10MB
  # Recordings older than this are removed (d, h, m); 0 keeps them forever.
  retention: 365d
  # exec and attach sessions are recorded (typed input, output, resizes, exit code) when their
  # stream can be read: a WebSocket channel.k8s.io stream. One that cannot (SPDY/3.1, used by
  # older clients and client-go based tools; an unknown subprotocol) is refused under
  # "required", and forwarded unrecorded, with its completed event saying so, under
  # "best-effort". "required" also refuses a session while recordings cannot be stored.
  interactive: best-effort

# The gateway (\`iddio serve\`). impersonate: true sends every request to the cluster as
# its agent (user iddio:agent:<name>), as \`iddio serve --impersonate\` does.
#gateway:
#  impersonate: false

# Per-agent settings, keyed by agent name (\`iddio agent add <name>\` issues a token for
# one). Every key of an entry is optional. An agent without an entry gets "default".
#agents:
#  claude-code:
#    # Outside these namespace globs ("*" matches any run of characters, "?" one): deny.
#    # All namespaces (-A) needs the glob "*"; a cluster-scoped request (nodes,
#    # namespaces, api-resources...) is allowed only at T0 unless "*" is listed.
#    namespaces: ["dev-*", "staging"]
#    # Decisions that replace "default" for this agent, tier by tier.
#    tiers: { 2: allow, 3: escalate }
#    # Runbooks (below) whose writes count as T1 for this agent.
#    runbooks: [restart-deploy]
#    # true: this entry only applies when the agent presents its token
#    # (IDDIO_AGENT_TOKEN); a declared or detected "claude-code" is denied.
#    require_token: false
#    # Through \`iddio serve --impersonate\`: Kubernetes groups the cluster sees this agent
#    # in, beside iddio:agents, so cluster RBAC can bind them.
#    groups: ["team-payments"]

# Named runbooks: lists of writes that are routine enough to lower from T2 to T1 for the
# agents that list them. Only T2 is ever lowered, and only to T1. Each step names kubectl
# verbs ("patch", or "rollout restart") and API resources ("deployments", or
# "deployments.apps", or "deployments/scale"), and optionally namespace globs.
#runbooks:
#  restart-deploy:
#    - { verbs: [patch], resources: [deployments] }
#    - { verbs: ["rollout restart"], resources: [deployments], namespaces: ["dev-*"] }
`;
