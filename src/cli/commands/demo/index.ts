import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'walk through a short scripted agent session on an embedded sandbox cluster: a read that ' +
        'runs, a change that asks you for approval, a break-glass request that is refused, then ' +
        'the audit summary and verification',
    )
    .addHelpText(
      'after',
      '\nNo cluster or configuration is needed: the demo starts `iddio sandbox` in-process and\n' +
        'uses a fresh temporary IDDIO_HOME, which it prints so you can inspect the log after.\n' +
        'Without a terminal to ask on, the change step is declined (iddio fails closed).',
    )
    .action(async () => {
      const { runDemo } = await import('./run.js');
      process.exitCode = await runDemo();
    });
}
