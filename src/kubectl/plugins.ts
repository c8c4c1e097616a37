/**
 * kubectl's plugin lookup (HandlePluginCommand): the leading words that are not flags, with
 * "-" turned into "_", joined by "-" and tried longest first as `kubectl-<words>` on PATH.
 * iddio never runs a plugin (it is T4, break-glass); it only asks whether kubectl would have
 * found one, to tell a plugin from a typo.
 */
import { findOnPath } from '../common/path-lookup.js';
import type { Invocation } from './invocation.js';
import { UnknownCommandError } from './unknown-command.js';

export function findPlugin(
  argv: readonly string[],
  pathVariable: string | undefined,
): string | undefined {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    words.push(arg.replaceAll('-', '_'));
  }
  for (let n = words.length; n >= 1; n--) {
    const found = findOnPath(`kubectl-${words.slice(0, n).join('-')}`, pathVariable);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * For a first word that is not a kubectl command: a plugin on PATH goes on to be classified
 * (T4); anything else is refused as kubectl refuses it.
 */
export function refuseUnknownCommand(inv: Invocation, pathVariable: string | undefined): void {
  if (inv.verbKnown || inv.verb === '') return;
  if (findPlugin(inv.argv, pathVariable) === undefined) throw new UnknownCommandError(inv.verb);
}
