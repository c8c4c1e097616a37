import type { Command } from 'commander';

/** `iddio session ...`: what agents did, command by command, with what they were shown. */
export function registerSession(program: Command): Command {
  const session = program
    .command('session')
    .description("agents' sessions: their commands, decisions and recorded output")
    .showHelpAfterError('(run with --help for usage)');

  session
    .command('list')
    .description('sessions with agent, first and last time, commands, highest tier and denials')
    .option('--file <path>', 'the audit log (default: the configured audit log)')
    .option('--json', 'one JSON document')
    .action(async (options: { file?: string; json?: boolean }) => {
      const { runSessionList } = await import('./list.js');
      await runSessionList(options);
    });

  session
    .command('show')
    .argument('<id>', 'a session id (or a unique prefix of one)')
    .description('every command of a session with its decision and the output it printed')
    .option('--file <path>', 'the audit log (default: the configured audit log)')
    .option('--json', 'one JSON document')
    .action(async (id: string, options: { file?: string; json?: boolean }) => {
      const { runSessionShow } = await import('./show.js');
      await runSessionShow(id, options);
    });

  session
    .command('replay')
    .argument('<id>', 'a session id (or a unique prefix of one)')
    .description("play a session's output back with its timing")
    .option('--speed <n>', 'playback speed (2 = twice as fast)', '1')
    .option('--max-idle <seconds>', 'longest pause played, in seconds', '2')
    .option('--file <path>', 'the audit log (default: the configured audit log)')
    .action(async (id: string, options: { speed: string; maxIdle: string; file?: string }) => {
      const { runSessionReplay } = await import('./replay.js');
      await runSessionReplay(id, options);
    });

  return session;
}
