/**
 * `kubectl config use-context NAME` (alias `use`): sets current-context in the kubeconfig
 * file kubectl would write it to, with kubectl's messages, exit codes and file bytes. The
 * context must exist in the merged kubeconfig; nothing is written when it is already current.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { goQuote } from '../../kubectl/go-values.js';
import { KubeError } from '../errors.js';
import type { LocalVerb } from './config.js';
import { configAccess, loadStartingConfig, setCurrentContext } from './config-write.js';

/** What kubectl prints on stdout when the argument count is wrong (its help for the command). */
const USAGE = `Set the current-context in a kubeconfig file.

Aliases:
use-context, use

Examples:
  # Use the context for the minikube cluster
  kubectl config use-context minikube

Usage:
  kubectl config use-context CONTEXT_NAME [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const failure = (message: string): KubeError =>
  new KubeError(`error: ${message}`, { code: 'usage', exitCode: EXIT.kubeFailed });

export const useContext: LocalVerb = (ctx) => {
  const { inv, env, output } = ctx;
  const args = inv.args ?? [];
  if (args.length !== 1) {
    output.out(USAGE);
    throw failure(`Unexpected args: [${stripControlLine(args.join(' '))}]`);
  }
  const name = args[0] as string;
  const access = configAccess(inv.kubeconfig, env);
  const start = loadStartingConfig(access);
  if (name === '') throw failure('empty context names are not allowed');
  if (!start.contexts.has(name)) throw failure(`no context exists with the name: ${goQuote(name)}`);
  setCurrentContext(access, name);
  output.out(`Switched to context ${goQuote(name)}.\n`);
  return EXIT.ok;
};
