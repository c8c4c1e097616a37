/**
 * Loading rule files: the I/O edge of the classifier. Shipped rules (`rules/*.yaml` in the
 * package) load first, then the user's (`$IDDIO_HOME/rules/*.yaml`), each directory in file
 * name order. Because a command takes the highest tier any matching rule gives, a user rule
 * can raise a tier and never lower one. A user rule may not reuse a shipped rule's id (the
 * audit log would become ambiguous). Any bad file is a RuleError (exit 3): nothing runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from './classify.js';
import { COMPILED_FILE, useCompiled, type ShippedFile } from './compiled.js';
import { compileRule, parseRuleFile, RuleError, type Rule } from './rules.js';
import { readRegularFile } from '../common/read-regular.js';

function ruleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
}

function readText(file: string): string {
  try {
    return readRegularFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new RuleError(file, 1, `cannot read: ${code}`);
  }
}

function readRules(dir: string, shipped: boolean): { rules: Rule[]; files: string[] } {
  const files = ruleFiles(dir);
  const rules = files.flatMap((file) => parseRuleFile(readText(file), file, shipped));
  return { rules, files };
}

/** The shipped rule files, by name, in load order. */
export function readShipped(dir: string): ShippedFile[] {
  return ruleFiles(dir).map((path) => ({ name: basename(path), text: readText(path) }));
}

/** Shipped rules: from rules/compiled.json when it matches the YAML exactly, else the YAML. */
function readShippedRules(dir: string): { rules: Rule[]; files: string[] } {
  const shipped = readShipped(dir);
  const compiledPath = join(dir, COMPILED_FILE);
  const json = existsSync(compiledPath) ? readFileSync(compiledPath, 'utf8') : undefined;
  const compiled = useCompiled(json, shipped);
  const files = shipped.map((f) => join(dir, f.name));
  const rules = compiled
    ? compiled.flatMap((f) => f.rules.map((raw) => compileRule(raw, join(dir, f.name), true)))
    : shipped.flatMap((f) => parseRuleFile(f.text, join(dir, f.name), true));
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
  const shipped = readShippedRules(options.shippedDir);
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
