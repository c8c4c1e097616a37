import type { Command } from 'commander';

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('serve a small Kubernetes API server on loopback for demos and tests')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--kubeconfig <path>', 'where to write the kubeconfig for the sandbox')
    .option('--audit-log <path>', "where to write the sandbox's own audit.k8s.io/v1 event log")
    .option('--seed <file>', 'YAML seed data replacing the built-in cluster')
    .action(async (options: Record<string, string | undefined>) => {
      const { runSandbox } = await import('./run.js');
      await runSandbox(options);
    });
}
