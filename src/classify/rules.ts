/**
 * The rule language (docs/classification.md). A rule file is YAML:
 *
 *   rules:
 *     - id: secret-read
 *       tier: 3
 *       reason: reads Secrets
 *       match: { resources: [secrets], effects: [read] }     # or a list of such blocks (any)
 *       except: { verbs: [create] }                          # optional, same shape
 *
 * Within a block every field must hold (and); a list field holds when any value matches (or).
 * This module checks a parsed file strictly (unknown field, verb, effect or tier → an error
 * with the file and line) and compiles it into sets for fast matching. Pure: no file access.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { IddioError } from '../common/errors.js';
import { EXIT } from '../common/exit-codes.js';
import { COMMAND_FLAGS, GLOBAL_FLAGS } from '../kubectl/flag-table.js';
import { EFFECTS, type Effect } from '../kubectl/verbs.js';
import { isTier, type Tier } from './types.js';

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

export interface Rule {
  id: string;
  tier: Tier;
  reason: string;
  match: readonly Condition[];
  except: readonly Condition[];
  /** Where the rule was defined, for `iddio classify` and error messages. */
  file: string;
  line: number;
  shipped: boolean;
}

/** A rule file that does not parse or names something unknown: every command is refused (exit 3). */
export class RuleError extends IddioError {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message} (fix the rule file; every command is refused until then)`, {
      code: 'rules-invalid',
      exitCode: EXIT.denied,
    });
    this.name = 'RuleError';
  }
}

export const SOURCES = ['args', 'manifest', 'raw', 'unreadable', 'none'] as const;

const LIST_FIELDS = [
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
const BOOL_FIELDS = ['named', 'all', 'all_namespaces', 'known_verb', 'known_resource'] as const;
const CONDITION_FIELDS = new Set<string>([...LIST_FIELDS, ...BOOL_FIELDS, 'scope']);
const RULE_FIELDS = new Set(['id', 'tier', 'reason', 'match', 'except']);

const commandPaths = Object.keys(COMMAND_FLAGS);
const KNOWN_VERBS = new Set(commandPaths.map((p) => p.split(' ')[0] ?? ''));
const KNOWN_SUBVERBS = new Set(commandPaths.flatMap((p) => p.split(' ').slice(1)));
const KNOWN_FLAGS = new Set(
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

class Checker {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lineOf(node: Node | null | undefined): number {
    const offset = node?.range?.[0] ?? 0;
    return this.lines.linePos(offset).line;
  }

  fail(node: Node | null | undefined, message: string): never {
    throw new RuleError(this.file, this.lineOf(node), message);
  }

  strings(node: unknown, field: string, parent: Node): string[] {
    if (!isSeq(node)) this.fail((node as Node) ?? parent, `"${field}" must be a list`);
    return node.items.map((item) => {
      const value = (item as { value?: unknown })?.value;
      if (typeof value !== 'string' || value === '') {
        this.fail(item as Node, `"${field}" entries must be non-empty strings`);
      }
      return value;
    });
  }

  condition(node: unknown, parent: Node): Condition {
    if (!isMap(node)) this.fail((node as Node) ?? parent, 'a match block must be a mapping');
    const c: Condition = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      const key = String((keyNode as { value?: unknown }).value);
      const valueNode = pair.value as Node;
      if (!CONDITION_FIELDS.has(key)) {
        this.fail(keyNode, `unknown field "${key}" (known: ${[...CONDITION_FIELDS].join(', ')})`);
      }
      if ((BOOL_FIELDS as readonly string[]).includes(key)) {
        const value = (valueNode as { value?: unknown })?.value;
        if (typeof value !== 'boolean')
          this.fail(valueNode ?? keyNode, `"${key}" must be true or false`);
        if (key === 'named') c.named = value;
        if (key === 'all') c.all = value;
        if (key === 'all_namespaces') c.allNamespaces = value;
        if (key === 'known_verb') c.knownVerb = value;
        if (key === 'known_resource') c.knownResource = value;
        continue;
      }
      if (key === 'scope') {
        const value = (valueNode as { value?: unknown })?.value;
        if (value !== 'namespaced' && value !== 'cluster') {
          this.fail(valueNode ?? keyNode, '"scope" must be namespaced or cluster');
        }
        c.scope = value;
        continue;
      }
      const values = this.strings(valueNode, key, keyNode);
      const check = (known: Set<string> | readonly string[], what: string, hint = '') => {
        for (const [i, v] of values.entries()) {
          const ok = Array.isArray(known) ? known.includes(v) : (known as Set<string>).has(v);
          if (!ok)
            this.fail((valueNode as { items: Node[] }).items[i], `unknown ${what} "${v}"${hint}`);
        }
      };
      switch (key) {
        case 'verbs':
          check(KNOWN_VERBS, 'verb', ' (a kubectl command; match plugins with known_verb: false)');
          c.verbs = new Set(values);
          break;
        case 'subverbs':
          check(KNOWN_SUBVERBS, 'subverb');
          c.subverbs = new Set(values);
          break;
        case 'effects':
          check(EFFECTS, 'effect');
          c.effects = new Set(values as Effect[]);
          break;
        case 'sources':
          check(SOURCES, 'source');
          c.sources = new Set(values);
          break;
        case 'flags':
          check(KNOWN_FLAGS, 'kubectl flag', ' (use the long name, without dashes)');
          c.flags = values;
          break;
        case 'resources':
          c.resources = new Set(values.map((v) => v.toLowerCase()));
          break;
        case 'groups':
          c.groups = new Set(values.map((v) => (v === 'core' ? '' : v)));
          break;
        case 'subresources':
          c.subresources = new Set(values);
          break;
        case 'namespaces':
          c.namespaces = values.map(glob);
          break;
        case 'paths':
          c.paths = values.map(glob);
          break;
      }
    }
    return c;
  }

  conditions(node: unknown, parent: Node): Condition[] {
    if (isSeq(node)) return node.items.map((item) => this.condition(item, parent));
    return [this.condition(node, parent)];
  }
}

/** Parses and checks one rule file's text. */
export function parseRuleFile(text: string, file: string, shipped: boolean): Rule[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const check: Checker = new Checker(file, lines);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? 1;
    throw new RuleError(file, line, `invalid YAML: ${error.message.split('\n')[0] ?? ''}`);
  }
  const root = doc.contents;
  if (root === null) return [];
  if (
    !isMap(root) ||
    root.items.some((p) => String((p.key as { value?: unknown }).value) !== 'rules')
  ) {
    check.fail(root, 'a rule file is a mapping with one key, "rules"');
  }
  const list = root.get('rules', true);
  if (list === undefined || list === null) return [];
  if (!isSeq(list)) check.fail(list as Node, '"rules" must be a list');
  return list.items.map((item) => {
    if (!isMap(item)) check.fail(item as Node, 'a rule must be a mapping');
    for (const pair of item.items) {
      const key = String((pair.key as { value?: unknown }).value);
      if (!RULE_FIELDS.has(key)) {
        check.fail(
          pair.key as Node,
          `unknown field "${key}" (known: ${[...RULE_FIELDS].join(', ')})`,
        );
      }
    }
    const id = item.get('id');
    const tier = item.get('tier');
    const reason = item.get('reason');
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      check.fail(item, '"id" is required: lowercase letters, digits and dashes');
    }
    if (!isTier(tier))
      check.fail((item.get('tier', true) as Node) ?? item, `unknown tier "${String(tier)}" (0-4)`);
    if (typeof reason !== 'string' || reason === '')
      check.fail(item, `rule "${id}": "reason" is required`);
    const matchNode = item.get('match', true);
    if (matchNode === undefined) check.fail(item, `rule "${id}": "match" is required`);
    const exceptNode = item.get('except', true);
    return {
      id,
      tier,
      reason,
      match: check.conditions(matchNode, item),
      except: exceptNode === undefined ? [] : check.conditions(exceptNode, item),
      file,
      line: check.lineOf(item),
      shipped,
    };
  });
}
