/**
 * Loading rule files: the I/O edge of the classifier. Shipped rules (`rules/*.yaml` in the
 * package) load first, then the user's (`$IDDIO_HOME/rules/*.yaml`), each directory in file
 * name order. Because a command takes the highest tier any matching rule gives, a user rule
 * can raise a tier and never lower one. A user rule may not reuse a shipped rule's id (the
 * audit log would become ambiguous). Any bad file is a RuleError (exit 3): nothing runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from './classify.js';
import { parseRuleFile, RuleError, type Rule } from './rules.js';

function ruleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
}

function readRules(dir: string, shipped: boolean): { rules: Rule[]; files: string[] } {
  const files = ruleFiles(dir);
  const rules: Rule[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new RuleError(
        file,
        1,
        `cannot read: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    rules.push(...parseRuleFile(text, file, shipped));
  }
  return { rules, files };
}

/** Builds a rule set from already-read files (tests, and callers that cache the text). */
export function ruleSetOf(rules: Rule[], files: string[]): RuleSet {
  const seen = new Map<string, Rule>();
  for (const rule of rules) {
    const earlier = seen.get(rule.id);
    if (earlier) {
      throw new RuleError(
        rule.file,
        rule.line,
        `duplicate rule id "${rule.id}" (first defined at ${earlier.file}:${earlier.line})`,
      );
    }
    seen.set(rule.id, rule);
  }
  return { rules, files };
}

export function loadRules(options: { shippedDir: string; userDir?: string }): RuleSet {
  if (!existsSync(options.shippedDir)) {
    throw new RuleError(options.shippedDir, 1, 'the shipped rules directory is missing');
  }
  const shipped = readRules(options.shippedDir, true);
  if (shipped.rules.length === 0) {
    throw new RuleError(options.shippedDir, 1, 'no shipped rules found');
  }
  const user =
    options.userDir !== undefined &&
    existsSync(options.userDir) &&
    statSync(options.userDir).isDirectory()
      ? readRules(options.userDir, false)
      : { rules: [], files: [] };
  return ruleSetOf([...shipped.rules, ...user.rules], [...shipped.files, ...user.files]);
}

/**
 * The package's rules/ directory: found by walking up from this module, which runs from
 * src/classify/ under tsx and from dist/ when bundled.
 */
export function shippedRulesDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'rules')) && existsSync(join(dir, 'package.json'))) {
      return join(dir, 'rules');
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(from, '..', 'rules');
}
