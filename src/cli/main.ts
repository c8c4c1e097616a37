/**
 * The entry point and the only top-level catch. Every expected failure is an IddioError
 * (one `iddio: ...` line, its exit code); anything else is a bug, reported in one line
 * without a stack trace unless IDDIO_DEBUG is set.
 */
import { EXIT } from '../common/exit-codes.js';
import { ExitError, IddioError } from '../common/errors.js';
import { stripControlLine } from '../common/sanitize.js';

async function main(argv: string[]): Promise<number> {
  // Answered before anything heavy is imported.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    const { VERSION } = await import('../common/version.js');
    process.stdout.write(`iddio ${VERSION}\n`);
    return EXIT.ok;
  }
  if (argv[0] === 'kubectl') {
    const { runKubectlCommand } = await import('./commands/kubectl/run.js');
    return runKubectlCommand(argv.slice(1));
  }
  const { runProgram } = await import('./program.js');
  return runProgram(argv);
}

function report(error: unknown): number {
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof IddioError) {
    process.stderr.write(`iddio: ${stripControlLine(error.message)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`iddio: internal error: ${stripControlLine(message)}\n`);
  if (process.env.IDDIO_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.kubeFailed;
}

// A reader that goes away (`iddio kubectl get ... | head`) makes writes fail with EPIPE. Without
// a listener Node would print a stack trace and exit before the `completed` audit event is
// written; with one, output stops and the command finishes its bookkeeping.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  code = report(error);
}
process.exitCode = code;
