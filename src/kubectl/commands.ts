/**
 * kubectl's command tree: which words are commands, their aliases, and which commands only
 * group subcommands. Derived from the flag table's keys, so the two cannot disagree.
 */
import { COMMAND_FLAGS } from './flag-table.js';

/** Aliases cobra accepts for a subcommand, keyed by parent path (from `kubectl ... --help`). */
const ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  create: {
    cm: 'configmap',
    cj: 'cronjob',
    deploy: 'deployment',
    ing: 'ingress',
    ns: 'namespace',
    pdb: 'poddisruptionbudget',
    pc: 'priorityclass',
    resourcequota: 'quota',
    svc: 'service',
    sa: 'serviceaccount',
  },
  set: { sa: 'serviceaccount' },
  top: { nodes: 'node', no: 'node', pods: 'pod', po: 'pod' },
  config: { use: 'use-context' },
};

const children = new Map<string, Set<string>>();
for (const path of Object.keys(COMMAND_FLAGS)) {
  const words = path.split(' ');
  const parent = words.slice(0, -1).join(' ');
  const set = children.get(parent) ?? new Set<string>();
  set.add(words[words.length - 1] ?? '');
  children.set(parent, set);
}

/** The canonical subcommand name for `word` under `parentPath`, or undefined. */
export function findSubcommand(parentPath: string, word: string): string | undefined {
  const names = children.get(parentPath);
  if (names?.has(word)) return word;
  const alias = ALIASES[parentPath]?.[word];
  return alias !== undefined && names?.has(alias) ? alias : undefined;
}

export function hasSubcommands(path: string): boolean {
  return children.has(path);
}

/**
 * Commands that only group subcommands and run nothing themselves: given no (or an unknown)
 * subcommand, kubectl prints help or a usage error.
 */
const GROUP_ONLY = new Set([
  'set',
  'rollout',
  'certificate',
  'top',
  'auth',
  'config',
  'create secret',
  'create service',
  'plugin',
]);

export function isGroupOnly(path: string): boolean {
  return GROUP_ONLY.has(path);
}
