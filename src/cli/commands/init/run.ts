/**
 * `iddio init`: makes $IDDIO_HOME ready. Idempotent and conservative: directories are created
 * when missing (and tightened to 0700 when others could read them), the policy file is
 * created only if no file exists (exclusive create, so even a concurrent edit is never
 * overwritten), and every line of output says what was created and what was kept.
 * Finally the policy in place is validated, so a broken one is reported now, not at the
 * first refused command.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IddioPaths } from '../../env.js';
import { EXIT } from '../../../common/exit-codes.js';
import { IddioError } from '../../../common/errors.js';
import { makeStateDir } from '../../../common/make-dirs.js';
import { DEFAULT_POLICY_YAML } from '../../../policy/default.js';
import { readPolicy } from '../../../policy/load.js';

export function runInit(paths: IddioPaths, print: (line: string) => void): number {
  directory(paths.home, 'iddio home', print);
  policyFile(paths.policy, print);
  directory(dirname(paths.auditLog), 'audit log directory', print);
  directory(paths.inbox, 'approval inbox', print);
  try {
    const policy = readPolicy(paths.policy);
    print(
      `policy  ${paths.policy} is valid (${policy.agents.size} agent entries, ${policy.runbooks.size} runbooks)`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof IddioError) {
      print(`policy  INVALID: ${error.message}`);
      print('        every command is refused (exit 3) until it is fixed');
      return EXIT.denied;
    }
    throw error;
  }
}

function directory(path: string, what: string, print: (line: string) => void): void {
  const before = modeOf(path);
  if (before === undefined) {
    makeStateDir(path, what);
    chmodSync(path, 0o700); // mkdir's mode is filtered by the umask
    print(`created ${path} (${what}, 0700)`);
    return;
  }
  if ((before & 0o077) !== 0) {
    chmodSync(path, 0o700);
    print(`kept    ${path} (${what}; permissions tightened from ${octal(before)} to 0700)`);
    return;
  }
  print(`kept    ${path} (${what})`);
}

function policyFile(path: string, print: (line: string) => void): void {
  try {
    writeFileSync(path, DEFAULT_POLICY_YAML, { flag: 'wx', mode: 0o600 });
    print(`created ${path} (the default policy, commented)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new IddioError(`cannot create ${path}: ${(error as Error).message}`, {
        code: 'init-failed',
        exitCode: EXIT.kubeFailed,
      });
    }
    const same = readFileSync(path, 'utf8') === DEFAULT_POLICY_YAML;
    print(
      `kept    ${path} (${same ? 'the default policy, unchanged' : 'edited; not overwritten'})`,
    );
  }
}

function modeOf(path: string): number | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) {
      throw new IddioError(`${path} exists and is not a directory`, {
        code: 'init-failed',
        exitCode: EXIT.usage,
      });
    }
    return stat.mode & 0o777;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (error instanceof IddioError) throw error;
    // A home under a file, or one we may not look at: one line, never an internal error.
    throw new IddioError(
      `cannot use ${path}: ${code ?? String(error)}; set IDDIO_HOME to a directory you can write`,
      { code: 'init-failed', exitCode: EXIT.usage, cause: error },
    );
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
