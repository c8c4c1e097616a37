import type { Command } from 'commander';

const HOME_HELP =
  'the iddio home to answer in (for a gateway: its --home); default $IDDIO_HOME or ~/.iddio';

/** `--home DIR` stands for IDDIO_HOME=DIR, read by every later iddioPaths(). */
function useHome(home: string | undefined): void {
  if (home !== undefined) process.env.IDDIO_HOME = home;
}

/** `approve`, `deny`, `inbox` and `approver`: the human side of escalations (SPEC §6). */
export function registerApproval(program: Command): void {
  for (const verdict of ['approve', 'deny'] as const) {
    program
      .command(`${verdict} <request-id>`)
      .description(
        verdict === 'approve'
          ? 'approve a pending request from the inbox (signed with your approver key when the policy requires it)'
          : 'deny a pending request from the inbox',
      )
      .option('--reason <text>', 'why; recorded with the decision and in the audit log')
      .option(
        '--approver <name>',
        'sign with this approver key (asks for its passphrase on the terminal)',
      )
      .option('--home <dir>', HOME_HELP)
      .action(
        async (id: string, options: { reason?: string; approver?: string; home?: string }) => {
          useHome(options.home);
          const { runDecide } = await import('./decide.js');
          await runDecide(verdict, id, options);
        },
      );
  }
  program
    .command('inbox')
    .description('list pending approval requests (for people, and for bots that relay them)')
    .option('--watch', 'keep running and print requests as they arrive')
    .option('--json', 'one JSON document (NDJSON with --watch)')
    .option('--home <dir>', HOME_HELP)
    .action(async (options: { watch?: boolean; json?: boolean; home?: string }) => {
      useHome(options.home);
      const { runInbox } = await import('./inbox.js');
      await runInbox(options);
    });
  const approver = program
    .command('approver')
    .description('approver signing keys (public keys in $IDDIO_HOME/approvers.yaml)');
  approver
    .command('add <name>')
    .description(
      'create an Ed25519 key pair; the private key is encrypted under a passphrase asked on the terminal',
    )
    .action(async (name: string) => {
      const { runApproverAdd } = await import('./approver.js');
      await runApproverAdd(name);
    });
  approver
    .command('list')
    .description('list approvers and their key fingerprints')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const { runApproverList } = await import('./approver.js');
      runApproverList(options);
    });
}
