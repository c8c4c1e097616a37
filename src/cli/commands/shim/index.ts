import type { Command } from 'commander';

export function registerShim(program: Command): void {
  const shim = program
    .command('shim')
    .description("install iddio as `kubectl` for an agent: put DIR first on the agent's PATH");
  shim
    .command('install')
    .argument('<dir>', 'the directory to create the `kubectl` symlink in (created if missing)')
    .description(
      'create DIR/kubectl, a symlink to iddio: every `kubectl ...` the agent runs becomes `iddio kubectl ...`',
    )
    .addHelpText(
      'after',
      `
Then, in the agent's environment:
  export PATH="DIR:$PATH"
  kubectl get pods            # runs as: iddio kubectl get pods

An existing DIR/kubectl that is not iddio is never replaced. The real kubectl (for people, and
for anything iddio hands on) is found on PATH past the shim, or named by IDDIO_KUBECTL.`,
    )
    .action(async (dir: string) => {
      const { runShimInstall } = await import('./run.js');
      process.exitCode = runShimInstall(dir, process.env, (line) =>
        process.stdout.write(`${line}\n`),
      );
    });
}
