import type { Command } from 'commander';

export const EXAMPLES = `
Everything after the first \`--\` is kubectl's argv, verbatim, parsed exactly as kubectl 1.32
would (a leading \`kubectl\` is optional). Without that \`--\`, iddio's own options (--json,
-h) and a later \`--\` would be taken by iddio. Nothing is sent to a cluster; no kubeconfig is
needed. Manifests named with -f/-k are read from disk (\`-f -\` reads stdin).

Examples:
  iddio classify -- get pods -n payments              T0 observe    (rule observe)
  iddio classify -- kubectl delete pod api-7d4b -n payments
                                                      T3 sensitive  (rule delete)
  iddio classify -- get secrets -A -o yaml            T3 sensitive  (rule secret-read)
  iddio classify -- exec -it api-7d4b -- sh           T4 break-glass (rule interactive-access)
  iddio classify -- apply -f ./deploy/ -R             the highest tier of every object
  cat rbac.yaml | iddio classify --json -- apply -f -
  iddio classify --rules                              list every rule: id, tier, file:line

Tiers: T0 observe, T1 operate (a runbook match, decided by the policy), T2 modify,
T3 sensitive, T4 break-glass. A command takes the highest tier of every rule that matches
any object it touches; what no rule covers is T4. Rules: the package's rules/*.yaml, then
$IDDIO_HOME/rules/*.yaml (which can only raise tiers). See docs/classification.md.

Exit status: 0 classified (whatever the tier), 2 the argv or a manifest is invalid
(kubectl would refuse it), 3 a rule file is invalid (every command is refused until fixed).`;

/** `iddio classify [--json] -- <kubectl args...>` (SPEC §2, §4). */
export function registerClassify(program: Command): Command {
  return program
    .command('classify')
    .description('explain the tier, rule and parsed intent of a kubectl command; no cluster call')
    .argument('[kubectl-args...]', "kubectl's argv, after --")
    .option('--json', 'print { tier, tier_label, rule, reasons, invocation } as one JSON document')
    .option('--rules', 'list the loaded rules (id, tier, reason, file:line) and exit')
    .option('--default-namespace <ns>', "classify as if the kubeconfig's namespace were <ns>")
    .allowUnknownOption()
    .addHelpText('after', EXAMPLES)
    .action(
      async (
        args: string[],
        options: { json?: boolean; rules?: boolean; defaultNamespace?: string },
      ) => {
        const { runClassify } = await import('./run.js');
        await runClassify(args, options);
      },
    );
}
