import type { Command } from 'commander';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'create $IDDIO_HOME (0700) with a commented default policy.yaml, the audit directory and the approval inbox; never overwrites an existing file',
    )
    .action(async () => {
      const { refuseAgentEnvironment } = await import('../../../approval/self-approval.js');
      refuseAgentEnvironment(process.env, 'write the policy (init)');
      const { runInit } = await import('./run.js');
      const { iddioPaths } = await import('../../env.js');
      process.exitCode = runInit(iddioPaths(), (line) => process.stdout.write(`${line}\n`));
    });
}
