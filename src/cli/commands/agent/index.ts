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
    .action(async (name: string) => {
      const { runAgentAdd } = await import('./add.js');
      await runAgentAdd(name);
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
    .command('revoke <name>')
    .description("revoke an agent's token: from now on it is refused (exit 3)")
    .action(async (name: string) => {
      const { runAgentRevoke } = await import('./revoke.js');
      await runAgentRevoke(name);
    });
}
