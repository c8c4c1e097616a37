/**
 * A small typed reader over a parsed YAML document that remembers where every value came
 * from, so a bad configuration file is reported as `file:line: reason`. It is shared by the
 * policy and the agent registry: both are security configuration, and both must refuse a
 * file they do not fully understand instead of guessing.
 */
import {
  Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type ParsedNode,
} from 'yaml';
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';

/** A configuration file iddio cannot trust. Always exit 3: a broken policy refuses everything. */
export class ConfigError extends IddioError {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string, code: string) {
    super(`${file}:${line}: ${reason}`, { code, exitCode: EXIT.denied });
    this.name = 'ConfigError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** One parsed file: the root node and the means to turn a node into a line number. */
export class YamlSource {
  readonly file: string;
  readonly root: Node | null;
  private readonly lines: LineCounter;
  private readonly codePrefix: string;

  private constructor(file: string, root: Node | null, lines: LineCounter, codePrefix: string) {
    this.file = file;
    this.root = root;
    this.lines = lines;
    this.codePrefix = codePrefix;
  }

  /**
   * Parses `text`; a syntax error, a duplicate key or an anchor/alias is a ConfigError with
   * code `<prefix>-parse`. Aliases are refused so that what a reader sees at a key is all
   * there is to it.
   */
  static parse(text: string, file: string, codePrefix: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0].line ?? lines.linePos(first.pos[0]).line;
      throw new ConfigError(file, line, firstLine(first.message), `${codePrefix}-parse`);
    }
    const source = new YamlSource(file, doc.contents as Node | null, lines, codePrefix);
    source.refuseAliases(doc.contents as ParsedNode | null);
    return source;
  }

  lineOf(node: Node | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }

  fail(node: Node | null | undefined, reason: string, code: string): never {
    throw new ConfigError(this.file, this.lineOf(node), reason, `${this.codePrefix}-${code}`);
  }

  /** The entries of a mapping, keys as strings, in file order. */
  entries(
    node: Node | null,
    what: string,
  ): Array<{ key: string; keyNode: Node; value: Node | null }> {
    if (isEmpty(node)) return []; // `key:` with nothing under it
    if (!isMap(node)) this.fail(node, `${what} must be a mapping`, 'bad-value');
    return node.items.map((pair) => {
      const keyNode = pair.key as Node;
      if (
        !isScalar(keyNode) ||
        (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')
      ) {
        this.fail(keyNode, `${what} has a key that is not a plain word or number`, 'bad-value');
      }
      // A number key keeps its spelling: `007:` is the name "007", not 7.
      const key =
        typeof keyNode.value === 'number'
          ? (keyNode.source ?? String(keyNode.value))
          : keyNode.value;
      return { key, keyNode, value: (pair.value as Node | null) ?? null };
    });
  }

  /** Rejects any key not in `allowed`: a misspelt key must never be silently ignored. */
  onlyKeys(node: Node | null, what: string, allowed: readonly string[]): void {
    for (const { key, keyNode } of this.entries(node, what)) {
      if (!allowed.includes(key)) {
        this.fail(
          keyNode,
          `unknown key "${key}" in ${what} (expected one of: ${allowed.join(', ')})`,
          'unknown-key',
        );
      }
    }
  }

  /** The value under `key` of a mapping, or undefined when the key is absent. */
  get(node: Node | null, key: string): { keyNode: Node; value: Node | null } | undefined {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    return pair
      ? { keyNode: pair.key as Node, value: (pair.value as Node | null) ?? null }
      : undefined;
  }

  string(node: Node | null, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string') {
      this.fail(node, `${what} must be a string`, 'bad-value');
    }
    return node.value;
  }

  boolean(node: Node | null, what: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.fail(node, `${what} must be true or false`, 'bad-value');
    }
    return node.value;
  }

  /** Any scalar's value as text (booleans and nulls included), for error-tolerant checks. */
  text(node: Node | null, what: string): string {
    if (!isScalar(node)) this.fail(node, `${what} must be a single value`, 'bad-value');
    return String(node.value);
  }

  /** A scalar's value as written (numbers and strings), for fields with their own syntax. */
  scalar(node: Node | null, what: string): string | number {
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      this.fail(node, `${what} must be a single value`, 'bad-value');
    }
    return node.value;
  }

  items(node: Node | null, what: string): Node[] {
    if (!isSeq(node)) this.fail(node, `${what} must be a list`, 'bad-value');
    return node.items as Node[];
  }

  strings(node: Node | null, what: string): Array<{ value: string; node: Node }> {
    return this.items(node, what).map((item) => ({
      value: this.string(item, `each entry of ${what}`),
      node: item,
    }));
  }

  private refuseAliases(node: ParsedNode | null): void {
    if (node === null) return;
    if (isAlias(node))
      this.fail(node as Alias, 'anchors and aliases (*name) are not supported here', 'parse');
    if (node.anchor) this.fail(node, 'anchors (&name) are not supported here', 'parse');
    if (isMap(node)) {
      for (const pair of node.items) {
        this.refuseAliases(pair.key as ParsedNode | null);
        this.refuseAliases(pair.value as ParsedNode | null);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) this.refuseAliases(item as ParsedNode | null);
    }
  }
}

/** A missing value or an explicit null (`key:`, `key: ~`, `key: null`). */
export function isEmpty(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
