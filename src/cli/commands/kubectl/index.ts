import type { Command } from 'commander';

export const KUBECTL_HELP = `Usage: iddio kubectl <kubectl arguments...>
       kubectl <kubectl arguments...>        (installed as kubectl: iddio shim install DIR)

Runs a kubectl command through iddio: the agent is identified, the command is classified
(T0-T4), the policy decides (allow, ask a human, or deny), the decision is written to the
audit log, and only then is the call made, printed exactly as kubectl prints it.
Everything after "kubectl" is kubectl's own argv, verbatim, with kubectl's global flags
(--kubeconfig, --context, -n, --request-timeout, -v) and its exit codes.

Examples:
  iddio kubectl get pods -n payments               T0, runs at once
  iddio kubectl scale deploy/api --replicas=3      T2, asks a human first
  iddio kubectl exec -it api-0 -- sh               T4, denied by the default policy
  iddio classify -- delete pods --all              see the tier without running anything

Environment:
  IDDIO_AGENT_TOKEN  the agent's token (from "iddio agent add NAME"); the strongest identity
  IDDIO_AGENT        a declared agent name, when there is no token
  IDDIO_SESSION      groups commands into one session in the audit log
  IDDIO_HOME         policy, agents, audit log and inbox (default ~/.iddio)
  IDDIO_AUDIT_LOG    the audit log (default $IDDIO_HOME/audit/audit.ndjson)
  IDDIO_KUBECTL      the real kubectl, when it is not the first kubectl on PATH past the shim
  IDDIO_DEBUG        print a stack trace with an internal error
  KUBECONFIG         the cluster, as kubectl reads it

Exit codes: 0 ok, 1 the Kubernetes call failed (as kubectl), 2 usage, 3 denied by policy,
4 not approved (declined or timed out), 5 audit log not writable, 130 interrupted,
141 standard output closed while streaming.

Wiring an agent (Claude Code, Cursor, Codex, Gemini CLI, MCP): docs/agents.md.
`;

/**
 * Listed for --help only: `iddio kubectl ...` is dispatched in main.ts before this command
 * tree is built, so that kubectl's flags reach kubectl untouched.
 */
export function registerKubectl(program: Command): void {
  program
    .command('kubectl')
    .description('run a kubectl command through iddio (the entry point agents use)')
    .helpOption(false)
    .allowUnknownOption()
    .action(() => {
      process.stdout.write(KUBECTL_HELP);
    });
}
