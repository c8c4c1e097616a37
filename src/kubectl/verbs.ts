/**
 * What each kubectl command does to the cluster, as a coarse effect the rules can name:
 *   read     reads objects or metadata (get, logs, diff, wait, ...)
 *   write    creates or changes objects (create, apply, patch, scale, cordon, ...)
 *   delete   removes objects or evicts pods (delete, drain)
 *   connect  opens a stream into a container, node or the API (exec, cp, proxy, ...)
 *   config   edits the local kubeconfig (config set-credentials, use-context, ...)
 *   none     prints help or local information only (completion, options, help)
 */
export type Effect = 'read' | 'write' | 'delete' | 'connect' | 'config' | 'none';

export const EFFECTS: readonly Effect[] = ['read', 'write', 'delete', 'connect', 'config', 'none'];

const TABLE: Readonly<Record<string, Effect>> = {
  '': 'none',
  help: 'none',
  options: 'none',
  completion: 'none',
  'plugin list': 'none',
  get: 'read',
  describe: 'read',
  logs: 'read',
  'top node': 'read',
  'top pod': 'read',
  events: 'read',
  explain: 'read',
  'api-resources': 'read',
  'api-versions': 'read',
  version: 'read',
  'cluster-info': 'read',
  'cluster-info dump': 'read',
  'auth can-i': 'read',
  'auth whoami': 'read',
  diff: 'read',
  wait: 'read',
  kustomize: 'read',
  'rollout status': 'read',
  'rollout history': 'read',
  'apply view-last-applied': 'read',
  'config view': 'read',
  'config get-contexts': 'read',
  'config get-clusters': 'read',
  'config get-users': 'read',
  'config current-context': 'read',
  delete: 'delete',
  drain: 'delete',
  exec: 'connect',
  attach: 'connect',
  'port-forward': 'connect',
  cp: 'connect',
  debug: 'connect',
  proxy: 'connect',
};

/** The effect of a command path ('rollout restart'); every other known command writes. */
export function effectOf(path: string): Effect {
  const effect = TABLE[path];
  if (effect !== undefined) return effect;
  if (path.startsWith('config ')) return 'config';
  // Group-only commands without a subcommand print help.
  if (['set', 'rollout', 'certificate', 'top', 'auth', 'config', 'plugin'].includes(path)) {
    return 'none';
  }
  return 'write';
}
