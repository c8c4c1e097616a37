/**
 * What every entry point does around its main function: the only top-level catch, and the exit
 * code. Every expected failure is an IddioError (one `iddio: ...` line, its exit code); anything
 * else is a bug, reported in one line without a stack trace unless IDDIO_DEBUG is set.
 */
import { EXIT } from '../common/exit-codes.js';
import { ExitError, IddioError } from '../common/errors.js';
import { stripControlLine } from '../common/sanitize.js';

export async function runEntry(main: (argv: string[]) => Promise<number>): Promise<void> {
  // A reader that goes away (`iddio kubectl get ... | head`) makes writes fail with EPIPE.
  // Without a listener Node would print a stack trace and exit before the `completed` audit
  // event is written; with one, output stops and the command finishes its bookkeeping.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (error) {
    code = report(error);
  }
  process.exitCode = code;
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
