import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the gateway: an HTTPS Kubernetes API endpoint that alone holds the cluster credential, ' +
        'and decides, asks about and records every request agents send through it',
    )
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:7443')
    .option(
      '--home <dir>',
      "the gateway's home: policy, agents, approver keys, inbox, audit log (default $IDDIO_HOME)",
    )
    .option(
      '--upstream-kubeconfig <path>',
      "the cluster credential (default: kubectl's KUBECONFIG or ~/.kube/config)",
    )
    .option(
      '--context <name>',
      'the context of the upstream kubeconfig to use (default: its current context)',
    )
    .option(
      '--tls-cert <file>',
      'serving certificate (PEM); default: one made on first start in <home>/gateway/',
    )
    .option('--tls-key <file>', 'private key of --tls-cert (PEM)')
    .option(
      '--impersonate',
      'send each request upstream as its agent (iddio:agent:NAME), so the cluster audit log and RBAC see the agent; see `iddio gateway rbac`',
    )
    .addHelpText(
      'after',
      `
Agents reach the gateway with a kubeconfig from \`iddio agent kubeconfig NAME\` and nothing else;
any Kubernetes client works with it (kubectl, helm, client libraries, MCP servers).
Escalations wait in <home>/inbox/: answer them with \`iddio approve ID\` or \`iddio deny ID\`,
run as the gateway's user (or with IDDIO_HOME=<home>).

Examples:
  iddio serve --home /var/lib/iddio --upstream-kubeconfig /etc/iddio/cluster.kubeconfig
  iddio agent kubeconfig claude-code --server https://gateway.internal:7443 --out agent.kubeconfig`,
    )
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const { runServe } = await import('./run.js');
      await runServe(options);
    });
}
