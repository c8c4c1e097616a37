/**
 * Kubeconfig selection exactly as kubectl does it (client-go's clientcmd loading rules):
 *
 *   1. `--kubeconfig F`: only F, which must exist;
 *   2. else `$KUBECONFIG`, a list separated by ":" (missing files skipped, duplicates once),
 *      merged so that the FIRST file to define a name (cluster, user, context) or the
 *      current-context wins — client-node's own mergeConfig lets later files win and throws
 *      on duplicate names, so merging is done here on the parsed documents;
 *   3. else `~/.kube/config` if it exists; else an empty config (kubectl then talks to
 *      http://localhost:8080).
 *
 * Relative file references are resolved against the directory of the file that holds them.
 * Then `--context`, `--cluster`, `--user` override the current context's parts, and the
 * namespace is `-n`, else the context's, else "default". The result is ONE flattened
 * kubeconfig document; credentials are only ever turned into request options by
 * client-node's KubeConfig (see client.ts).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { stripControlLine } from '../common/sanitize.js';
import { KubeError } from './errors.js';
import { refuseForeignPrograms } from './kubeconfig-trust.js';

type Obj = Record<string, unknown>;

export interface NamedEntry {
  name: string;
  [key: string]: unknown;
}

export interface KubeconfigDoc {
  clusters: NamedEntry[];
  users: NamedEntry[];
  contexts: NamedEntry[];
  'current-context'?: string;
}

export interface ConfigFile {
  path: string;
  doc: KubeconfigDoc;
}

/** The kubectl flags that select a kubeconfig entry; an Invocation is one as it is. */
export interface Overrides {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
}

export interface SelectedConfig {
  /** A kubeconfig with exactly one context, cluster and user, ready for KubeConfig.loadFromString. */
  doc: KubeconfigDoc;
  contextName: string;
  clusterName: string;
  userName: string;
  server: string;
  namespace: string;
  /** True when namespace came from -n (kubectl's "explicit namespace"). */
  explicitNamespace: boolean;
}

const ANONYMOUS = 'iddio-anonymous';

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadError(path: string, detail: string): KubeError {
  return new KubeError(`error: error loading config file "${path}": ${stripControlLine(detail)}`, {
    code: 'kubeconfig',
  });
}

/** Parses one kubeconfig file's text. Malformed input is a one-line KubeError, never a throw of SyntaxError. */
export function parseKubeconfig(path: string, text: string): KubeconfigDoc {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw loadError(path, `yaml: ${message}`);
  }
  if (raw === null || raw === undefined) return { clusters: [], users: [], contexts: [] };
  if (!isObj(raw))
    throw loadError(path, `couldn't get version/kind; json parse error: not a mapping`);
  const list = (key: string): NamedEntry[] => {
    const value = raw[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw loadError(path, `${key}: expected a list`);
    return value.map((entry, index) => {
      if (!isObj(entry) || typeof entry.name !== 'string') {
        throw loadError(path, `${key}[${index}]: expected an entry with a name`);
      }
      return entry as NamedEntry;
    });
  };
  const current = raw['current-context'];
  return {
    clusters: list('clusters'),
    users: list('users'),
    contexts: list('contexts'),
    ...(typeof current === 'string' && current !== '' ? { 'current-context': current } : {}),
  };
}

function resolveIn(base: string, value: unknown): unknown {
  return typeof value === 'string' && value !== '' && !isAbsolute(value)
    ? resolve(base, value)
    : value;
}

/** Makes the file references in one document absolute against its own directory, as clientcmd does. */
export function resolvePaths(doc: KubeconfigDoc, file: string): KubeconfigDoc {
  const base = dirname(resolve(file));
  const clusters = doc.clusters.map((entry) => {
    const cluster = isObj(entry.cluster) ? { ...entry.cluster } : entry.cluster;
    if (isObj(cluster))
      cluster['certificate-authority'] = resolveIn(base, cluster['certificate-authority']);
    return { ...entry, cluster };
  });
  const users = doc.users.map((entry) => {
    const user = isObj(entry.user) ? { ...entry.user } : entry.user;
    if (isObj(user)) {
      for (const key of ['client-certificate', 'client-key', 'tokenFile'])
        user[key] = resolveIn(base, user[key]);
      // exec commands are resolved only when they name a path, not a bare program on $PATH.
      if (
        isObj(user.exec) &&
        typeof user.exec.command === 'string' &&
        user.exec.command.includes('/')
      ) {
        user.exec = { ...user.exec, command: resolveIn(base, user.exec.command) };
      }
    }
    return { ...entry, user };
  });
  return { ...doc, clusters, users };
}

/** kubectl's merge: the first file to set a name, or the current context, wins. */
export function mergeKubeconfigs(files: ConfigFile[]): KubeconfigDoc {
  const merged: KubeconfigDoc = { clusters: [], users: [], contexts: [] };
  for (const { doc } of files) {
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      for (const entry of doc[key]) {
        if (!merged[key].some((existing) => existing.name === entry.name)) merged[key].push(entry);
      }
    }
    if (merged['current-context'] === undefined && doc['current-context']) {
      merged['current-context'] = doc['current-context'];
    }
  }
  return merged;
}

function field(entry: NamedEntry | undefined, section: string, key: string): string | undefined {
  const body = entry?.[section];
  const value = isObj(body) ? body[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Applies --context/--cluster/--user/-n to a merged config and flattens it to one context. */
export function selectConfig(merged: KubeconfigDoc, overrides: Overrides): SelectedConfig {
  const contextName = overrides.context || merged['current-context'] || '';
  const context = merged.contexts.find((entry) => entry.name === contextName);
  if (overrides.context && !context) {
    throw new KubeError(
      `Error in configuration: context was not found for specified context: ${stripControlLine(overrides.context)}`,
      {
        code: 'kubeconfig',
      },
    );
  }
  const clusterName = overrides.cluster || field(context, 'context', 'cluster') || '';
  const userName = overrides.user || field(context, 'context', 'user') || '';
  const cluster = merged.clusters.find((entry) => entry.name === clusterName);
  const user = merged.users.find((entry) => entry.name === userName);
  if (overrides.user && !user) {
    throw new KubeError(`error: auth info "${stripControlLine(overrides.user)}" does not exist`, {
      code: 'kubeconfig',
    });
  }
  const noConfig = merged.clusters.length === 0 && !overrides.cluster && !context;
  let server = field(cluster, 'cluster', 'server');
  if (!server) {
    if (!noConfig) {
      throw new KubeError(`error: no server found for cluster "${stripControlLine(clusterName)}"`, {
        code: 'kubeconfig',
      });
    }
    server = 'http://localhost:8080';
  }
  const clusterEntry: NamedEntry = cluster ?? {
    name: 'iddio-default',
    cluster: { server, 'insecure-skip-tls-verify': true },
  };
  const userEntry: NamedEntry = user ?? { name: ANONYMOUS, user: {} };
  if (!isObj(userEntry.user)) userEntry.user = {};
  const explicitNamespace = overrides.namespace !== undefined && overrides.namespace !== '';
  const namespace = explicitNamespace
    ? (overrides.namespace as string)
    : field(context, 'context', 'namespace') || 'default';
  const name = contextName || 'iddio-default';
  return {
    doc: {
      clusters: [clusterEntry],
      users: [userEntry],
      contexts: [
        { name, context: { cluster: clusterEntry.name, user: userEntry.name, namespace } },
      ],
      'current-context': name,
    },
    contextName,
    clusterName: clusterEntry.name,
    userName: userEntry.name,
    server,
    namespace,
    explicitNamespace,
  };
}

/** The list of files kubectl would read, in precedence order. */
export function kubeconfigPaths(
  overrides: Overrides,
  env: Record<string, string | undefined>,
): { paths: string[]; explicit: boolean } {
  if (overrides.kubeconfig) return { paths: [overrides.kubeconfig], explicit: true };
  const list = env.KUBECONFIG;
  if (list) {
    const seen = new Set<string>();
    const paths = list
      .split(':')
      .filter((path) => path !== '' && !seen.has(path) && seen.add(path));
    return { paths, explicit: false };
  }
  const home = env.HOME || homedir();
  return { paths: [join(home, '.kube', 'config')], explicit: false };
}

/** Reads and merges the kubeconfig files kubectl would read: the I/O edge of this module. */
export function loadMergedConfig(
  overrides: Overrides,
  env: Record<string, string | undefined>,
): KubeconfigDoc {
  const { paths, explicit } = kubeconfigPaths(overrides, env);
  const files: ConfigFile[] = [];
  for (const path of paths) {
    let text: string;
    let stat: Stats;
    try {
      const fd = openSync(path, 'r');
      try {
        stat = fstatSync(fd);
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (explicit && code === 'ENOENT') {
        throw new KubeError(`error: stat ${stripControlLine(path)}: no such file or directory`, {
          code: 'kubeconfig',
        });
      }
      if (!explicit && code === 'ENOENT' && !existsSync(path)) continue;
      throw loadError(
        path,
        `open ${path}: ${code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable')}`,
      );
    }
    const doc = parseKubeconfig(path, text);
    refuseForeignPrograms(path, stat, doc);
    files.push({ path, doc: resolvePaths(doc, path) });
  }
  return mergeKubeconfigs(files);
}

/** Reads, merges and selects. */
export function loadSelectedConfig(
  overrides: Overrides,
  env: Record<string, string | undefined>,
): SelectedConfig {
  return selectConfig(loadMergedConfig(overrides, env), overrides);
}
