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
import { EFFECTS } from '../kubectl/verbs.js';
import {
  BOOL_FIELDS,
  compileCondition,
  CONDITION_FIELDS,
  KNOWN_FLAGS,
  KNOWN_SUBVERBS,
  KNOWN_VERBS,
  SOURCES,
  type BoolField,
  type Condition,
  type ListField,
  type RawCondition,
} from './condition.js';
import { isTier, type Tier } from './types.js';

export type { Condition, RawCondition } from './condition.js';

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

/** A rule as written (checked, not compiled): what rules/compiled.json stores. */
export interface RawRule {
  id: string;
  tier: Tier;
  reason: string;
  match: RawCondition[];
  except: RawCondition[];
  line: number;
}

export function compileRule(raw: RawRule, file: string, shipped: boolean): Rule {
  return {
    id: raw.id,
    tier: raw.tier,
    reason: raw.reason,
    match: raw.match.map(compileCondition),
    except: raw.except.map(compileCondition),
    file,
    line: raw.line,
    shipped,
  };
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

const RULE_FIELDS = new Set(['id', 'tier', 'reason', 'match', 'except']);

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

  condition(node: unknown, parent: Node): RawCondition {
    if (!isMap(node)) this.fail((node as Node) ?? parent, 'a match block must be a mapping');
    const c: RawCondition = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      const key = String((keyNode as { value?: unknown }).value);
      const valueNode = pair.value as Node;
      if (!CONDITION_FIELDS.has(key)) {
        this.fail(keyNode, `unknown field "${key}" (known: ${[...CONDITION_FIELDS].join(', ')})`);
      }
      if ((BOOL_FIELDS as readonly string[]).includes(key)) {
        const value = (valueNode as { value?: unknown })?.value;
        if (typeof value !== 'boolean') {
          this.fail(valueNode ?? keyNode, `"${key}" must be true or false`);
        }
        c[key as BoolField] = value;
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
      const check = (known: ReadonlySet<string>, what: string, hint = '') => {
        values.forEach((v, i) => {
          if (!known.has(v)) {
            this.fail((valueNode as { items: Node[] }).items[i], `unknown ${what} "${v}"${hint}`);
          }
        });
      };
      if (key === 'verbs') {
        check(KNOWN_VERBS, 'verb', ' (a kubectl command; match plugins with known_verb: false)');
      }
      if (key === 'subverbs') check(KNOWN_SUBVERBS, 'subverb');
      if (key === 'effects') check(new Set(EFFECTS), 'effect');
      if (key === 'sources') check(new Set(SOURCES), 'source');
      if (key === 'flags')
        check(KNOWN_FLAGS, 'kubectl flag', ' (use the long name, without dashes)');
      c[key as ListField] = values;
    }
    return c;
  }

  conditions(node: unknown, parent: Node): RawCondition[] {
    if (isSeq(node)) return node.items.map((item) => this.condition(item, parent));
    return [this.condition(node, parent)];
  }
}

/** Parses and checks one rule file's text. */
export function parseRuleFile(text: string, file: string, shipped: boolean): Rule[] {
  return parseRawRules(text, file).map((raw) => compileRule(raw, file, shipped));
}

/** Parses and checks one rule file's text, without compiling it. */
export function parseRawRules(text: string, file: string): RawRule[] {
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
      line: check.lineOf(item),
    };
  });
}
