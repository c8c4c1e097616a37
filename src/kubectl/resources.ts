/**
 * The resource vocabulary: how kubectl turns `po`, `Pod`, `pods.v1.`, `deploy.apps` or
 * `Deployment.v1.apps` into one API resource. Built from the built-in table; discovery may add
 * custom resources (the `extra` argument), but classification never needs the network.
 * Matching ignores letter case: a spelling kubectl rejects still maps to the same resource,
 * so re-spelling a type can never move it to a different (lower) class.
 */
import { BUILTIN_RESOURCES, CATEGORIES, EXTRA_VERSIONS } from './resource-table.js';

export interface ResourceInfo {
  resource: string;
  singular: string;
  kind: string;
  group: string;
  version: string;
  versions: readonly string[];
  namespaced: boolean;
  shortNames: readonly string[];
}

export interface Vocabulary {
  all: readonly ResourceInfo[];
  /** Lowercased plural, singular, kind and short names → candidates in preference order. */
  byName: ReadonlyMap<string, readonly ResourceInfo[]>;
  /** `group/kind` (kind lowercased) → resource. */
  byGroupKind: ReadonlyMap<string, ResourceInfo>;
}

export interface ResolvedType {
  resource: string;
  group: string;
  version?: string;
  kind?: string;
  namespaced?: boolean;
  known: boolean;
}

function parseTable(): ResourceInfo[] {
  return BUILTIN_RESOURCES.trim()
    .split('\n')
    .map((line) => {
      const [resource = '', kind = '', gv = '', scope = '', shorts = '-'] = line.split(/\s+/);
      const slash = gv.indexOf('/');
      const group = slash === -1 ? '' : gv.slice(0, slash);
      const version = slash === -1 ? gv : gv.slice(slash + 1);
      return {
        resource,
        singular: kind.toLowerCase(),
        kind,
        group,
        version,
        versions: EXTRA_VERSIONS[group] ?? [version],
        namespaced: scope === 'ns',
        shortNames: shorts === '-' ? [] : shorts.split(','),
      };
    });
}

export function buildVocabulary(extra: readonly ResourceInfo[] = []): Vocabulary {
  const all = [...parseTable(), ...extra];
  const byName = new Map<string, ResourceInfo[]>();
  const byGroupKind = new Map<string, ResourceInfo>();
  for (const info of all) {
    for (const name of new Set([info.resource, info.singular, info.kind, ...info.shortNames])) {
      const key = name.toLowerCase();
      const list = byName.get(key) ?? [];
      list.push(info);
      byName.set(key, list);
    }
    const gk = `${info.group}/${info.kind.toLowerCase()}`;
    if (!byGroupKind.has(gk)) byGroupKind.set(gk, info);
  }
  return { all, byName, byGroupKind };
}

let builtin: Vocabulary | undefined;
export function builtinVocabulary(): Vocabulary {
  builtin ??= buildVocabulary();
  return builtin;
}

function toResolved(info: ResourceInfo, version?: string): ResolvedType {
  return {
    resource: info.resource,
    group: info.group,
    version: version ?? info.version,
    kind: info.kind,
    namespaced: info.namespaced,
    known: true,
  };
}

function find(vocab: Vocabulary, name: string, group?: string, version?: string) {
  return vocab.byName
    .get(name)
    ?.find(
      (info) =>
        (group === undefined || info.group === group) &&
        (version === undefined || info.versions.includes(version)),
    );
}

// Agents repeat the same few spellings; resolution is pure, so results are memoised per
// vocabulary (bounded, so hostile input cannot grow it without limit).
const memo = new WeakMap<Vocabulary, Map<string, ResolvedType>>();
const MEMO_LIMIT = 1024;

/** Resolves a resource type as typed (`po`, `deployments.v1.apps`, `Role.rbac.authorization.k8s.io`). */
export function resolveType(typed: string, vocab: Vocabulary = builtinVocabulary()): ResolvedType {
  let cache = memo.get(vocab);
  if (cache === undefined) memo.set(vocab, (cache = new Map()));
  const hit = cache.get(typed);
  if (hit !== undefined) return hit;
  const resolved = Object.freeze(resolveUncached(typed, vocab));
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(typed, resolved);
  return resolved;
}

function resolveUncached(typed: string, vocab: Vocabulary): ResolvedType {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot === -1) {
    const info = find(vocab, lower);
    return info ? toResolved(info) : { resource: lower, group: '', known: false };
  }
  const name = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  const parts = rest.split('.');
  // `resource.version.group` first (kubectl's fully specified form), then `resource.group`.
  if (parts.length >= 2 || rest.endsWith('.')) {
    const version = parts[0] ?? '';
    const group = parts.slice(1).join('.');
    const info = find(vocab, name, group, version);
    if (info) return toResolved(info, version);
  }
  const info = find(vocab, name, rest);
  if (info) return toResolved(info);
  return { resource: name, group: rest, known: false };
}

/** The resources a category name (`all`) stands for, or undefined when it is not a category. */
export function expandCategory(typed: string): readonly string[] | undefined {
  return Object.hasOwn(CATEGORIES, typed.toLowerCase())
    ? CATEGORIES[typed.toLowerCase()]
    : undefined;
}

/** Resolves a manifest's apiVersion and kind. */
export function resolveKind(
  apiVersion: string,
  kind: string,
  vocab: Vocabulary = builtinVocabulary(),
): ResolvedType & { version: string } {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  const info = vocab.byGroupKind.get(`${group}/${kind.toLowerCase()}`);
  if (info && info.versions.includes(version)) return { ...toResolved(info, version), version };
  return { resource: kind.toLowerCase(), group, version, kind, known: false };
}
