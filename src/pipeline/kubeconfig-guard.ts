/**
 * `config use-context` and `config set-context` rewrite kubeconfig files. Pointed (by
 * --kubeconfig or KUBECONFIG) at a file in iddio's own home — policy.yaml, agents.yaml, the
 * audit log — they would replace it with a kubeconfig, so they are refused there whatever the
 * policy allows: an agent must not be able to rewrite the configuration that governs it.
 */
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join, relative, resolve } from 'node:path';
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { stripControlLine } from '../common/sanitize.js';
import type { Invocation } from '../kubectl/invocation.js';

const WRITING = new Set(['use-context', 'use', 'set-context']);

export function refuseKubeconfigWritesInto(
  iddioHome: string,
  invocation: Invocation,
  env: Record<string, string | undefined>,
): void {
  if (invocation.verb !== 'config' || !WRITING.has(invocation.subverb ?? '')) return;
  const files = invocation.kubeconfig
    ? [invocation.kubeconfig]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(delimiter).filter((file) => file !== '')
      : [join(env.HOME || homedir(), '.kube', 'config')];
  const home = realPath(iddioHome);
  for (const file of files) {
    const inside = relative(home, realPath(file));
    if (inside === '' || (!inside.startsWith('..') && !inside.startsWith('/'))) {
      throw new IddioError(
        `refusing to write the kubeconfig ${stripControlLine(file)}: it is inside iddio's home (${stripControlLine(iddioHome)})`,
        { code: 'denied', exitCode: EXIT.denied },
      );
    }
  }
}

/** The path with symlinks resolved, for the file or (not created yet) its directory. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}
