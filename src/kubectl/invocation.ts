/**
 * A kubectl argv, parsed the way kubectl 1.32 parses it: the typed result every later stage
 * (classifier, policy, executor, audit) works from. Other modules depend on these names:
 * extend, never rename.
 */

/** One resource the command addresses: from `type name`, `type/name`, a comma list or a raw path. */
export interface Target {
  /** Lowercase plural ('deployments'); for an unknown type, the word as typed, lowercased. */
  resource: string;
  /** API group, '' for core. For an unknown type, the group as typed (or ''). */
  group: string;
  version?: string;
  kind?: string;
  /** 'exec', 'log', 'proxy', 'status', 'scale', ... when the command addresses a subresource. */
  subresource?: string;
  /** Undefined when the resource is unknown. */
  namespaced?: boolean;
  /** Object names given on the command line (empty: all objects, or by selector). */
  names: string[];
  /** False when the type is not in the built-in vocabulary (nor discovery): classified T4. */
  known: boolean;
  /** The type exactly as written on the command line ('deploy.v1.apps', 'Pod'). */
  typed: string;
  /** For `get --raw` and friends: the API path, when it is not a resource path. */
  path?: string;
}

/** One object from a manifest (`-f`, `-k`, stdin), after `List` kinds are expanded. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  group: string;
  version: string;
  /** Lowercase plural when the kind is known. */
  resource?: string;
  namespaced?: boolean;
  known: boolean;
  /** 'eviction' for a policy/v1 Eviction (a subresource of pods). */
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The file (or `-` for stdin, or a kustomization entry) the object came from. */
  source: string;
}

/** A manifest source that cannot be read offline (a URL, a remote kustomization): fail closed. */
export interface UnreadableSource {
  source: string;
  reason: string;
}

export type DryRun = 'none' | 'client' | 'server';

export interface Invocation {
  /** The argv exactly as given (never redacted here; see redact.ts before printing or logging). */
  argv: string[];
  /** kubectl's command ('get', 'rollout', ...); for an unknown command (a plugin), the word. '' when none. */
  verb: string;
  /** The subcommand for rollout/set/config/auth/certificate/create/top/apply/cluster-info/plugin. */
  subverb?: string;
  /** `create secret generic`: the third command word. */
  subsubverb?: string;
  /** True when verb (and subverb) are kubectl commands; false for plugins/unknown words. */
  verbKnown: boolean;
  /** Positional arguments after the command words, before `--`. */
  args: string[];
  targets: Target[];
  /** Explicit -n/--namespace; undefined means the kubeconfig default (resolved by the executor). */
  namespace?: string;
  allNamespaces: boolean;
  all: boolean;
  selector?: string;
  fieldSelector?: string;
  output?: string;
  dryRun?: DryRun;
  /** -f/--filename values, in order, comma lists split. */
  filenames: string[];
  kustomize?: string;
  recursive: boolean;
  manifests: ManifestObject[];
  unreadable: UnreadableSource[];
  /** `--raw` path for get/create/replace/delete. */
  raw?: string;
  /** `--subresource` for get/patch/edit/... */
  subresourceFlag?: string;

  // Cluster selection (allowed: they pick among the user's own kubeconfig entries).
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;

  // Credential overrides and impersonation (SPEC §4: T4).
  token?: string;
  server?: string;
  username?: string;
  password?: string;
  as?: string;
  asGroup: string[];
  asUid?: string;
  insecureSkipTlsVerify: boolean;
  clientCertificate?: string;
  clientKey?: string;
  certificateAuthority?: string;
  tlsServerName?: string;

  /** Arguments after `--` (the container command for exec/run/debug; positionals otherwise). */
  command: string[];
  /** Plugin argv (everything after the plugin name) when the verb is not a kubectl command. */
  pluginArgs?: string[];
  /** Every parsed flag by long name; booleans as 'true'/'false'; repeated flags keep every value. */
  flags: Record<string, string[]>;
  /** Long names of flags that are on: a true boolean, or a value flag with a non-empty value. */
  flagsSet: string[];
  /** -h/--help was given: kubectl prints help and does nothing (iddio still classifies normally). */
  help: boolean;
}

/** Where parseKubectlArgv reads manifests from; injected so the parser stays pure and testable. */
export interface KubectlIo {
  readFile(path: string): string;
  /** Entries (names, not paths) of a directory. */
  readDir(path: string): string[];
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
  /** The whole of stdin; called at most once per parse. */
  stdin(): string;
}

/** An invocation with nothing set: the start for one built other than by parsing argv. */
export function emptyInvocation(argv: string[], verb = ''): Invocation {
  return {
    argv,
    verb,
    verbKnown: true,
    args: [],
    targets: [],
    allNamespaces: false,
    all: false,
    filenames: [],
    recursive: false,
    manifests: [],
    unreadable: [],
    asGroup: [],
    insecureSkipTlsVerify: false,
    command: [],
    flags: {},
    flagsSet: [],
    help: false,
  };
}
