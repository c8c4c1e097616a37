/**
 * `kubectl config set-context [NAME | --current] [--cluster=…] [--user=…] [--namespace=…]`:
 * sets fields of a context (creating it when NAME is new) in the file that defines it, with
 * kubectl's messages, exit codes and file bytes. `--namespace` here is the command's own flag
 * (kubectl's -n is not accepted), so `set-context --current --namespace=X` switches the
 * namespace later commands use.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { goQuote } from '../../kubectl/go-values.js';
import { KubeError } from '../errors.js';
import { flagBool, flagValue } from '../flags.js';
import { emptyContext } from './config-codec.js';
import type { LocalVerb } from './config.js';
import { configAccess, loadStartingConfig, setContext } from './config-write.js';

/** The flags `config set-context` implements (all of its own). */
export const SET_CONTEXT_FLAGS = ['current', 'cluster', 'user', 'namespace'] as const;

/** What kubectl prints on stdout for too many arguments (its help for the command). */
const USAGE = `Set a context entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.

Examples:
  # Set the user field on the gce context entry without touching other values
  kubectl config set-context gce --user=cluster-admin

Options:
    --cluster='':
\tcluster for the context entry in kubeconfig

    --current=false:
\tModify the current context

    --namespace='':
\tnamespace for the context entry in kubeconfig

    --user='':
\tuser for the context entry in kubeconfig

Usage:
  kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const failure = (message: string): KubeError =>
  new KubeError(`error: ${message}`, { code: 'usage', exitCode: EXIT.kubeFailed });

export const setContextVerb: LocalVerb = (ctx) => {
  const { inv, env, output } = ctx;
  const args = inv.args ?? [];
  if (args.length > 1) {
    output.out(USAGE);
    throw failure(`Unexpected args: [${stripControlLine(args.join(' '))}]`);
  }
  let name = args[0] ?? '';
  const current = flagBool(inv, 'current');
  if (name === '' && !current)
    throw failure('you must specify a non-empty context name or --current');
  if (name !== '' && current) throw failure('you cannot specify both a context name and --current');
  const access = configAccess(inv.kubeconfig, env);
  const start = loadStartingConfig(access);
  if (current) {
    if (start.currentContext === '') throw failure('no current context is set');
    name = start.currentContext;
  }
  const existing = start.contexts.get(name);
  const context = { ...(existing?.context ?? emptyContext()) };
  // A flag given (even as --namespace=) replaces the field; one not given keeps it.
  for (const field of ['cluster', 'user', 'namespace'] as const) {
    const value = flagValue(inv, field);
    if (value !== undefined) context[field] = value;
  }
  setContext(access, name, context);
  output.out(`Context ${goQuote(name)} ${existing ? 'modified' : 'created'}.\n`);
  return EXIT.ok;
};
