import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * An error iddio expects and explains: the top-level handler prints its message as one
 * `iddio: ...` line and exits with its exit code. `code` is a stable string for tests.
 */
export class IddioError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(message: string, options: { code: string; exitCode: ExitCode; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IddioError';
    this.code = options.code;
    this.exitCode = options.exitCode;
  }
}

/** A bad command line, flag or input file (exit 2). */
export class UsageError extends IddioError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'usage', exitCode: EXIT.usage, cause: options.cause });
    this.name = 'UsageError';
  }
}

/** The message has already been printed; just exit with this code. */
export class ExitError extends Error {
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode) {
    super(`exit ${exitCode}`);
    this.name = 'ExitError';
    this.exitCode = exitCode;
  }
}
