import type { Command } from 'commander';

export function registerGateway(program: Command): void {
  const gateway = program.command('gateway').description('helpers for running `iddio serve`');
  gateway
    .command('rbac')
    .description(
      'print the RBAC manifests that let the gateway impersonate its agents (iddio serve --impersonate), ' +
        'and a Role per agent that bounds what it may do in the cluster',
    )
    .option('--namespace <ns>', "the namespace of the gateway's ServiceAccount", 'iddio')
    .option('--service-account <name>', "the gateway's ServiceAccount", 'iddio-gateway')
    .option(
      '--agents <names>',
      'comma-separated agent names (default: the active agents in agents.yaml)',
    )
    .option('--agent-namespace <ns>', "the namespace of each agent's Role", 'default')
    .option('--home <dir>', "the gateway's home, for its agents and policy (default $IDDIO_HOME)")
    .addHelpText(
      'after',
      '\nExample:\n  iddio gateway rbac --home /var/lib/iddio | kubectl apply -f -',
    )
    .action(async (options: Record<string, string | undefined>) => {
      const { runGatewayRbac } = await import('./rbac.js');
      runGatewayRbac(options);
    });
}
