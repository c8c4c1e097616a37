/**
 * Reading the parser's flag map (long name → every value given, booleans as 'true'/'false'),
 * and failing closed on flags a verb does not implement: an unimplemented flag must never be
 * silently ignored, because the output would then differ from kubectl's without a word.
 */
import { EXIT } from '../common/exit-codes.js';
import { stripControlLine } from '../common/sanitize.js';
import { goQuote, parseGoDuration, parseGoInt, type GoValue } from '../kubectl/go-values.js';
import { KubeError } from './errors.js';
import type { KubeInvocation } from './types.js';

/**
 * Global flags the executor honours for every verb: kubeconfig selection and namespace,
 * --request-timeout (request-timeout.ts) and -v (verbose.ts).
 */
const GLOBAL = new Set([
  'namespace',
  'kubeconfig',
  'context',
  'cluster',
  'user',
  'request-timeout',
  'v',
]);

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export function flagValue(inv: KubeInvocation, name: string): string | undefined {
  const values = inv.flags[name];
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

export function flagValues(inv: KubeInvocation, name: string): string[] {
  return inv.flags[name] ?? [];
}

export function flagBool(inv: KubeInvocation, name: string, dflt = false): boolean {
  const value = flagValue(inv, name);
  return value === undefined ? dflt : TRUE.has(value);
}

/**
 * An integer flag's value as pflag reads it (`0x10`, `1_000`); undefined when not given. The
 * parser has already refused a bad value; an invocation built elsewhere gets the same words.
 */
export function flagInt(inv: KubeInvocation, name: string): number | undefined {
  return goFlag(inv, name, (text) => parseGoInt(text, 64));
}

/** A duration flag in milliseconds, as time.ParseDuration reads it; undefined when not given. */
export function flagDurationMs(inv: KubeInvocation, name: string): number | undefined {
  const ns = goFlag(inv, name, parseGoDuration);
  return ns === undefined ? undefined : ns / 1e6;
}

function goFlag(
  inv: KubeInvocation,
  name: string,
  parse: (text: string) => GoValue<bigint>,
): number | undefined {
  const text = flagValue(inv, name);
  if (text === undefined) return undefined;
  const parsed = parse(text);
  if (parsed.ok) return Number(parsed.value);
  throw new KubeError(
    `error: invalid argument ${stripControlLine(goQuote(text))} for "--${name}" flag: ${stripControlLine(parsed.error)}`,
    { code: 'usage', exitCode: EXIT.usage },
  );
}

export function notSupported(what: string): KubeError {
  return new KubeError(`iddio: ${stripControlLine(what)} is not supported yet`, {
    code: 'not-supported',
    exitCode: EXIT.usage,
  });
}

/**
 * Rejects any flag that was given and is not in `handled` (nor global). `inert` flags are
 * accepted at their default value only (e.g. --show-kind=false).
 */
export function requireHandled(inv: KubeInvocation, handled: readonly string[]): void {
  const ok = new Set([...GLOBAL, ...handled]);
  for (const name of Object.keys(inv.flags)) {
    if (!ok.has(name)) {
      const words = [inv.verb, inv.subverb, inv.subsubverb].filter(Boolean).join(' ');
      throw notSupported(`${words} --${name}`);
    }
  }
}

/** The flags each verb implements (besides the global ones); checked before anything runs. */
export const HANDLED_FLAGS = {
  get: [
    'output',
    'no-headers',
    'show-labels',
    'label-columns',
    'selector',
    'field-selector',
    'all-namespaces',
    'ignore-not-found',
    'show-kind',
    'show-managed-fields',
    'chunk-size',
    'sort-by',
    'raw',
    'watch',
    'watch-only',
    'output-watch-events',
  ],
  version: ['client', 'output'],
  'api-resources': [
    'output',
    'no-headers',
    'namespaced',
    'api-group',
    'verbs',
    'sort-by',
    'cached',
  ],
  'api-versions': [],
  'cluster-info': [],
  delete: [
    'force',
    'dry-run',
    'selector',
    'all',
    'ignore-not-found',
    'wait',
    'grace-period',
    'now',
    'output',
    'all-namespaces',
    'cascade',
    'filename',
    'kustomize',
    'recursive',
  ],
  label: ['dry-run', 'overwrite', 'selector', 'all', 'all-namespaces', 'field-selector'],
  annotate: ['dry-run', 'overwrite', 'selector', 'all', 'all-namespaces', 'field-selector'],
  scale: ['dry-run', 'replicas', 'current-replicas', 'selector', 'all', 'all-namespaces'],
  logs: [
    'container',
    'tail',
    'since',
    'since-time',
    'previous',
    'timestamps',
    'limit-bytes',
    'follow',
    'selector',
    'all-containers',
    'all-pods',
    'prefix',
    'max-log-requests',
    'ignore-errors',
    'pod-running-timeout',
  ],
  'auth can-i': ['all-namespaces', 'subresource', 'quiet', 'list', 'no-headers'],
  'auth whoami': ['output'],
  describe: ['selector', 'all-namespaces', 'show-events'],
  taint: ['selector', 'all', 'overwrite', 'dry-run'],
  events: ['all-namespaces', 'for', 'types', 'output', 'no-headers', 'chunk-size'],
  drain: [
    'selector',
    'dry-run',
    'ignore-daemonsets',
    'delete-emptydir-data',
    'force',
    'grace-period',
    'timeout',
  ],
  'config current-context': [],
  patch: ['patch', 'type', 'dry-run'],
  'set image': ['selector', 'all', 'dry-run'],
  wait: ['for', 'timeout', 'selector', 'all', 'all-namespaces', 'field-selector'],
  'create namespace': ['dry-run', 'output'],
  'create configmap': ['dry-run', 'output', 'from-literal'],
  'create secret generic': ['dry-run', 'output', 'from-literal', 'type'],
  create: ['filename', 'kustomize', 'recursive', 'output', 'dry-run', 'validate'],
  'create deployment': ['dry-run', 'output', 'image', 'replicas'],
  'create serviceaccount': ['dry-run', 'output'],
  'create job': ['dry-run', 'output', 'image'],
  apply: ['filename', 'kustomize', 'recursive', 'output', 'dry-run', 'validate'],
  replace: ['filename', 'kustomize', 'recursive', 'output', 'dry-run', 'validate'],
  cordon: ['selector', 'dry-run'],
  uncordon: ['selector', 'dry-run'],
  'rollout restart': ['selector'],
  'rollout status': ['watch', 'timeout', 'revision', 'selector'],
  'rollout history': ['revision', 'selector'],
  'rollout undo': ['to-revision', 'dry-run', 'selector'],
  'config get-contexts': ['output', 'no-headers'],
  'config view': ['minify', 'raw', 'output'],
  'config use-context': [],
  'config set-context': ['current', 'cluster', 'user', 'namespace'],
} as const satisfies Record<string, readonly string[]>;

/** kubectl's suffix for a dry run's message, and the query parameter a server dry run sends. */
export function dryRunOf(inv: KubeInvocation): {
  suffix: string;
  query: string | undefined;
  client: boolean;
} {
  if (inv.dryRun === 'client') return { suffix: ' (dry run)', query: undefined, client: true };
  if (inv.dryRun === 'server') return { suffix: ' (server dry run)', query: 'All', client: false };
  return { suffix: '', query: undefined, client: false };
}
