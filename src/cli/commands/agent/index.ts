import type { Command } from 'commander';

export function registerAgent(program: Command): void {
  const agent = program
    .command('agent')
    .description(
      'issue, list and revoke agent tokens (stored as SHA-256 in $IDDIO_HOME/agents.yaml)',
    );
  agent
    .command('add <name>')
    .description(
      'issue a token for a new agent; the token is printed once, on stdout, and only its SHA-256 is kept',
    )
    .option(
      '--reissue',
      'give a revoked agent name a new token (it gets everything the policy allows that name)',
    )
    .action(async (name: string, options: { reissue?: boolean }) => {
      const { runAgentAdd } = await import('./add.js');
      await runAgentAdd(name, options);
    });
  agent
    .command('list')
    .description(
      'list agents: name, status, created, and when each last used its token (from the audit log)',
    )
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const { runAgentList } = await import('./list.js');
      await runAgentList(options);
    });
  agent
    .command('kubeconfig <name>')
    .description(
      "write a kubeconfig that reaches the gateway (`iddio serve`) as this agent: the gateway's URL " +
        'and CA and a new token of the agent (added if it does not exist); its other tokens keep working',
    )
    .option('--server <url>', "the gateway's URL as agents reach it", 'https://127.0.0.1:7443')
    .option('--out <path>', 'write the kubeconfig here (mode 0600) instead of stdout')
    .option('-n, --namespace <ns>', "the context's default namespace")
    .action(
      async (name: string, options: { server?: string; out?: string; namespace?: string }) => {
        const { runAgentKubeconfig } = await import('./kubeconfig.js');
        await runAgentKubeconfig(name, options);
      },
    );
  agent
    .command('revoke <name>')
    .description("revoke an agent's token: from now on it is refused (exit 3)")
    .action(async (name: string) => {
      const { runAgentRevoke } = await import('./revoke.js');
      await runAgentRevoke(name);
    });
}
