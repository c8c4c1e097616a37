/**
 * The command tree. Each command group registers its flags from src/cli/commands/<group>/,
 * and loads its implementation with `await import()` only when it runs, so `--help` and
 * unrelated commands stay fast.
 */
import { Command, CommanderError } from 'commander';
import { EXIT } from '../common/exit-codes.js';
import { VERSION } from '../common/version.js';
import { registerCommands } from './commands/index.js';

const ENVIRONMENT_HELP = `
Environment:
  IDDIO_HOME         policy.yaml, agents.yaml, approvers.yaml, the audit log and the inbox
                     (default ~/.iddio)
  IDDIO_AUDIT_LOG    the audit log (default $IDDIO_HOME/audit/audit.ndjson)
  IDDIO_AGENT_TOKEN  an agent's token (iddio agent add); IDDIO_AGENT a declared name
  IDDIO_SESSION      groups an agent's commands into one session
  IDDIO_KUBECTL      the real kubectl, when it is not the first kubectl on PATH past the shim
  IDDIO_DEBUG        print a stack trace with an internal error

Exit codes: 0 ok, 1 the Kubernetes call failed, 2 usage, 3 denied by policy, 4 not approved,
5 audit failure (log not writable, or tampering found), 130 interrupted.
Run "iddio help <command> [subcommand]" for a command's flags.`;

export function buildProgram(): Command {
  const program = new Command('iddio')
    .description(
      'A kubectl-compatible wrapper for AI agents: each request is tied to its agent, ' +
        'classified by risk (T0-T4), approved by a human when risky, and recorded in a ' +
        'hash-chained audit log.',
    )
    .version(`iddio ${VERSION}`, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', ENVIRONMENT_HELP)
    .exitOverride();
  registerCommands(program);
  return program;
}

export async function runProgram(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (help, version, or the usage error).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
}
