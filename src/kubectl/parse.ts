/**
 * parseKubectlArgv: kubectl's argv (without the leading `kubectl`) → an Invocation. Pure
 * apart from the injected io, which reads -f/-k manifests and stdin.
 * Throws KubectlUsageError (a UsageError, exit 2) for anything kubectl itself would reject
 * before talking to the cluster: unknown flags, missing values, bad booleans, bad dry-run
 * values, manifests that do not parse.
 */
import {
  emptyInvocation,
  type DryRun,
  type Invocation,
  type KubectlIo,
  type Target,
} from './invocation.js';
import { KubectlUsageError, parseArgv, type ParsedArgv } from './argv.js';
import { ManifestReader } from './manifests.js';
import { rawPathTarget } from './rawpath.js';
import { builtinVocabulary, type Vocabulary } from './resources.js';
import { commandTargets } from './command-targets.js';

export interface ParseOptions {
  /** The resource vocabulary; defaults to the built-in kinds (discovery may extend it). */
  vocabulary?: Vocabulary;
}

function last(p: ParsedArgv, name: string, scope: 'global' | 'local' | 'any' = 'any') {
  const spec = p.specs.get(name);
  if (spec === undefined) return undefined;
  if ((scope === 'global' && !spec.global) || (scope === 'local' && spec.global)) return undefined;
  if (spec.kind === 'bool') return undefined;
  const values = p.flags.get(name);
  return values?.[values.length - 1];
}

function isOn(p: ParsedArgv, name: string, scope: 'global' | 'any' = 'any'): boolean {
  const spec = p.specs.get(name);
  if (spec === undefined || (scope === 'global' && !spec.global)) return false;
  const value = p.flags.get(name)?.at(-1);
  if (spec.kind === 'bool') return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value ?? '');
  if (spec.kind === 'optional') return value !== undefined && value !== 'none' && value !== 'false';
  return (p.flags.get(name) ?? []).some((v) => v !== '');
}

function dryRunOf(value: string | undefined): DryRun | undefined {
  if (value === undefined) return undefined;
  if (value === 'unchanged' || value === 'client') return 'client';
  if (value === 'server' || value === 'none') return value;
  throw new KubectlUsageError(
    `Invalid dry-run value (${value}). Must be "none", "server", or "client".`,
  );
}

function pluginInvocation(argv: string[], p: ParsedArgv): Invocation {
  return {
    ...emptyInvocation(argv, p.plugin ?? ''),
    verbKnown: false,
    pluginArgs: p.pluginArgs ?? [],
  };
}

/** Invocation fields filled from the last value of a flag, and which flag scope counts. */
const OPTIONAL: readonly [keyof Invocation, string, 'global' | 'local' | 'any'][] = [
  ['namespace', 'namespace', 'global'],
  ['selector', 'selector', 'any'],
  ['fieldSelector', 'field-selector', 'any'],
  ['output', 'output', 'any'],
  ['kustomize', 'kustomize', 'any'],
  ['raw', 'raw', 'local'],
  ['subresourceFlag', 'subresource', 'any'],
  ['kubeconfig', 'kubeconfig', 'global'],
  ['context', 'context', 'global'],
  ['cluster', 'cluster', 'global'],
  ['user', 'user', 'global'],
  ['token', 'token', 'global'],
  ['server', 'server', 'global'],
  ['username', 'username', 'global'],
  ['password', 'password', 'global'],
  ['as', 'as', 'global'],
  ['asUid', 'as-uid', 'global'],
  ['clientCertificate', 'client-certificate', 'global'],
  ['clientKey', 'client-key', 'global'],
  ['certificateAuthority', 'certificate-authority', 'global'],
  ['tlsServerName', 'tls-server-name', 'global'],
];

export function parseKubectlArgv(
  argv: string[],
  io: KubectlIo,
  options: ParseOptions = {},
): Invocation {
  const vocab = options.vocabulary ?? builtinVocabulary();
  const p = parseArgv(argv);
  if (p.plugin !== undefined) return pluginInvocation(argv, p);

  const [verb = '', subverb, subsubverb] = p.path;
  const path = p.path.join(' ');
  const flags: Record<string, string[]> = {};
  for (const [name, values] of p.flags) flags[name] = [...values];
  const inv: Invocation = {
    argv,
    verb,
    verbKnown: true,
    args: p.positionals,
    targets: [],
    allNamespaces: isOn(p, 'all-namespaces'),
    all: isOn(p, 'all'),
    filenames: (p.flags.get('filename') ?? []).flatMap((v) => v.split(',')).filter((v) => v),
    recursive: isOn(p, 'recursive'),
    manifests: [],
    unreadable: [],
    asGroup: (p.flags.get('as-group') ?? []).filter((v) => v !== ''),
    insecureSkipTlsVerify: isOn(p, 'insecure-skip-tls-verify', 'global'),
    command: p.afterDash,
    flags,
    flagsSet: [...p.flags.keys()].filter((name) => isOn(p, name)),
    help: isOn(p, 'help'),
  };
  if (subverb !== undefined) inv.subverb = subverb;
  if (subsubverb !== undefined) inv.subsubverb = subsubverb;
  for (const [field, flag, scope] of OPTIONAL) {
    const value = last(p, flag, scope);
    if (value !== undefined && value !== '')
      (inv as unknown as Record<string, unknown>)[field] = value;
  }
  const dryRun = dryRunOf(last(p, 'dry-run'));
  if (dryRun !== undefined) inv.dryRun = dryRun;

  // Manifests: -f and -k, read through the injected io.
  if (inv.filenames.length > 0 || inv.kustomize !== undefined) {
    const reader = new ManifestReader(io, vocab);
    for (const file of inv.filenames) reader.filename(file, inv.recursive);
    if (inv.kustomize !== undefined) reader.kustomize(inv.kustomize);
    inv.manifests = reader.objects;
    inv.unreadable = reader.unreadable;
  }

  // Targets: from a raw API path, or from the positional arguments.
  let targets: Target[];
  if (inv.raw !== undefined) {
    const raw = rawPathTarget(inv.raw, vocab);
    targets = [raw.target];
    if (raw.namespace !== undefined) inv.namespace = raw.namespace;
  } else {
    // exec/attach/run/debug take a container command after `--`, and `create <generator>`
    // ignores what follows it (kubectl counts NAME up to ArgsLenAtDash); other verbs read
    // those words as ordinary arguments.
    const dashIsCommand =
      ['exec', 'attach', 'run', 'debug'].includes(verb) || (verb === 'create' && subverb);
    const positional = dashIsCommand ? p.positionals : [...p.positionals, ...p.afterDash];
    const result = commandTargets(path, positional, inv, vocab);
    targets = result.targets;
    if (result.namespace !== undefined) inv.namespace = result.namespace;
  }
  if (inv.subresourceFlag !== undefined) {
    for (const t of targets) t.subresource = inv.subresourceFlag;
  }
  inv.targets = targets;
  checkPathSegments(inv);
  return inv;
}

/**
 * Names and namespaces become URL path segments. client-go refuses ".", ".." and segments
 * holding "/" or "%" before sending anything (IsValidPathSegmentName); a server or proxy that
 * normalised them would act on a different object than the one classified. Refused here, so
 * the classifier never sees them.
 */
function checkPathSegments(inv: Invocation): void {
  const bad = (segment: string): string | undefined => {
    if (segment === '.' || segment === '..') return `may not be '${segment}'`;
    if (segment.includes('/')) return "may not contain '/'";
    if (segment.includes('%')) return "may not contain '%'";
    return undefined;
  };
  const namespaces = [inv.namespace, ...inv.manifests.map((m) => m.namespace)];
  for (const namespace of namespaces) {
    const why = namespace === undefined ? undefined : bad(namespace);
    if (why) throw new KubectlUsageError(`invalid namespace "${namespace}": [${why}]`);
  }
  if (inv.raw !== undefined) return;
  const names = [...inv.targets.flatMap((t) => t.names), ...inv.manifests.map((m) => m.name)];
  for (const name of names) {
    const why = name === undefined ? undefined : bad(name);
    if (why) throw new KubectlUsageError(`invalid resource name "${name}": [${why}]`);
  }
}
