import type { Command } from 'commander';

export const KUBECTL_HELP = `Usage: iddio kubectl <kubectl arguments...>

Runs a kubectl command through iddio: the agent is identified, the command is classified
(T0-T4), the policy decides (allow, ask a human, or deny), the decision is written to the
audit log, and only then is the call made, printed exactly as kubectl prints it.
Everything after "kubectl" is kubectl's own argv, verbatim.

Examples:
  iddio kubectl get pods -n payments               T0, runs at once
  iddio kubectl scale deploy/api --replicas=3      T2, asks a human first
  iddio kubectl exec -it api-0 -- sh               T4, denied by the default policy
  iddio classify -- delete pods --all              see the tier without running anything

Agent identity: IDDIO_AGENT_TOKEN (from "iddio agent add"), else IDDIO_AGENT=<name>.
Exit codes: 0 ok, 1 the Kubernetes call failed, 2 usage, 3 denied, 4 not approved,
5 audit log not writable, 130 interrupted.
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
