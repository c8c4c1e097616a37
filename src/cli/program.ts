/**
 * The command tree. Each command group registers its flags from src/cli/commands/<group>/,
 * and loads its implementation with `await import()` only when it runs, so `--help` and
 * unrelated commands stay fast.
 */
import { Command, CommanderError } from 'commander';
import { EXIT } from '../common/exit-codes.js';
import { VERSION } from '../common/version.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('iddio')
    .description(
      'A kubectl-compatible wrapper for AI agents: each request is tied to its agent, ' +
        'classified by risk (T0-T4), approved by a human when risky, and recorded in a ' +
        'hash-chained audit log.',
    )
    .version(`iddio ${VERSION}`, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
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
