/**
 * One match block of a rule: its fields as written (RawCondition, plain JSON) and compiled
 * into sets and regular expressions for fast matching (Condition). The vocabularies a block
 * may name are here too, so the checker (rules.ts) and the docs agree on them.
 */
import { COMMAND_FLAGS, GLOBAL_FLAGS } from '../kubectl/flag-table.js';
import type { Effect } from '../kubectl/verbs.js';

export const SOURCES = ['args', 'manifest', 'raw', 'unreadable', 'none'] as const;

export const LIST_FIELDS = [
  'verbs',
  'subverbs',
  'effects',
  'resources',
  'groups',
  'subresources',
  'namespaces',
  'paths',
  'sources',
  'flags',
] as const;
export const BOOL_FIELDS = [
  'named',
  'all',
  'all_namespaces',
  'known_verb',
  'known_resource',
] as const;
export const CONDITION_FIELDS = new Set<string>([...LIST_FIELDS, ...BOOL_FIELDS, 'scope']);

export type ListField = (typeof LIST_FIELDS)[number];
export type BoolField = (typeof BOOL_FIELDS)[number];

/** A match block as written in a rule file (after checking). */
export type RawCondition = { [K in ListField]?: string[] } & { [K in BoolField]?: boolean } & {
  scope?: 'namespaced' | 'cluster';
};

export interface Condition {
  verbs?: ReadonlySet<string>;
  subverbs?: ReadonlySet<string>;
  effects?: ReadonlySet<Effect>;
  resources?: ReadonlySet<string>;
  groups?: ReadonlySet<string>;
  subresources?: ReadonlySet<string>;
  namespaces?: readonly RegExp[];
  paths?: readonly RegExp[];
  sources?: ReadonlySet<string>;
  flags?: readonly string[];
  scope?: 'namespaced' | 'cluster';
  named?: boolean;
  all?: boolean;
  allNamespaces?: boolean;
  knownVerb?: boolean;
  knownResource?: boolean;
}

const commandPaths = Object.keys(COMMAND_FLAGS);
export const KNOWN_VERBS = new Set(commandPaths.map((p) => p.split(' ')[0] ?? ''));
export const KNOWN_SUBVERBS = new Set(commandPaths.flatMap((p) => p.split(' ').slice(1)));
export const KNOWN_FLAGS = new Set(
  [GLOBAL_FLAGS, ...Object.values(COMMAND_FLAGS), 'help']
    .join(' ')
    .split(' ')
    .filter((t) => t !== '')
    .map((t) => t.replace(/^\w\./, '').replace(/=\??$/, '')),
);

/** `kube-*` style globs: `*` matches any run of characters, nothing else is special. */
export function glob(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export function compileCondition(raw: RawCondition): Condition {
  const c: Condition = {};
  if (raw.verbs) c.verbs = new Set(raw.verbs);
  if (raw.subverbs) c.subverbs = new Set(raw.subverbs);
  if (raw.effects) c.effects = new Set(raw.effects as Effect[]);
  if (raw.resources) c.resources = new Set(raw.resources.map((v) => v.toLowerCase()));
  if (raw.groups) c.groups = new Set(raw.groups.map((v) => (v === 'core' ? '' : v)));
  if (raw.subresources) c.subresources = new Set(raw.subresources);
  if (raw.namespaces) c.namespaces = raw.namespaces.map(glob);
  if (raw.paths) c.paths = raw.paths.map(glob);
  if (raw.sources) c.sources = new Set(raw.sources);
  if (raw.flags) c.flags = raw.flags;
  if (raw.scope !== undefined) c.scope = raw.scope;
  if (raw.named !== undefined) c.named = raw.named;
  if (raw.all !== undefined) c.all = raw.all;
  if (raw.all_namespaces !== undefined) c.allNamespaces = raw.all_namespaces;
  if (raw.known_verb !== undefined) c.knownVerb = raw.known_verb;
  if (raw.known_resource !== undefined) c.knownResource = raw.known_resource;
  return c;
}
