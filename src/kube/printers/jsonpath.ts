/**
 * The part of kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath) that agents use:
 * literal text, `{.a.b}`, `['key']`, escaped dots (`.labels.app\.kubernetes\.io/name`),
 * `[*]`, `[n]`, `[-n]`, `[a:b]`, `..name`, filters `[?(@.x=="y")]` (==, !=, <, >, <=, >=,
 * existence), `{range …}…{end}` and string literals `{"\n"}`. Missing keys print nothing, as
 * kubectl's printer allows missing keys; several results of one expression are joined by a
 * space; maps and lists print as compact JSON.
 */
import { goKeyCompare, goJsonString } from './json.js';
import { stripControl } from '../../common/sanitize.js';
import { usageError } from '../errors.js';
import { JsonPathError, parseTemplate, type Node, type Segment } from './jsonpath-parse.js';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function recurse(value: unknown, name: string, out: unknown[]): void {
  if (isObj(value)) {
    if (name in value) out.push(value[name]);
    for (const key of Object.keys(value).sort(goKeyCompare)) recurse(value[key], name, out);
  } else if (Array.isArray(value)) value.forEach((item) => recurse(item, name, out));
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '=='
      ? a === b
      : op === '!='
        ? a !== b
        : op === '<'
          ? a < b
          : op === '>'
            ? a > b
            : op === '<='
              ? a <= b
              : a >= b;
  }
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a === 'string' && typeof b === 'string') {
    return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
  }
  return false;
}

function evalPath(values: unknown[], path: Segment[], root: unknown): unknown[] {
  let current = values;
  for (const segment of path) {
    const next: unknown[] = [];
    for (const value of current) {
      switch (segment.kind) {
        case 'field':
          if (isObj(value) && segment.name in value) next.push(value[segment.name]);
          break;
        case 'keys':
          if (isObj(value))
            for (const name of segment.names) if (name in value) next.push(value[name]);
          break;
        case 'recursive':
          recurse(value, segment.name, next);
          break;
        case 'wildcard':
          if (Array.isArray(value)) next.push(...value);
          else if (isObj(value))
            next.push(
              ...Object.keys(value)
                .sort(goKeyCompare)
                .map((key) => value[key]),
            );
          break;
        case 'index':
          if (Array.isArray(value)) {
            for (const index of segment.indexes) {
              const at = index < 0 ? value.length + index : index;
              if (at < 0 || at >= value.length) {
                throw new JsonPathError(
                  `array index out of bounds: index ${index}, length ${value.length}`,
                );
              }
              next.push(value[at]);
            }
          }
          break;
        case 'slice':
          if (Array.isArray(value)) {
            const len = value.length;
            const norm = (n: number | undefined, dflt: number): number =>
              n === undefined ? dflt : Math.min(len, Math.max(0, n < 0 ? len + n : n));
            const step = segment.step ?? 1;
            for (
              let k = norm(segment.start, 0);
              k < norm(segment.end, len);
              k += step > 0 ? step : 1
            )
              next.push(value[k]);
          }
          break;
        case 'filter':
          if (Array.isArray(value)) {
            for (const item of value) {
              const left = evalPath([item], segment.left, root);
              if (segment.op === undefined) {
                if (left.length > 0) next.push(item);
                continue;
              }
              const right = Array.isArray(segment.right)
                ? evalPath([item], segment.right, root)
                : [segment.right];
              if (left.length > 0 && right.length > 0 && compare(left[0], segment.op, right[0]))
                next.push(item);
            }
          }
          break;
      }
    }
    current = next;
  }
  return current;
}

function compactJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort(goKeyCompare);
  return `{${keys.map((key) => `${goJsonString(key)}:${compactJson(obj[key])}`).join(',')}}`;
}

/** Cluster values are printed with terminal controls stripped (newlines and tabs kept). */
function toText(value: unknown): string {
  if (typeof value === 'string') return stripControl(value);
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return compactJson(value);
}

function run(nodes: Node[], current: unknown, root: unknown, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text' || node.kind === 'literal') out.push(node.text);
    else if (node.kind === 'expr') {
      out.push(
        evalPath([node.root ? root : current], node.path, root)
          .map(toText)
          .join(' '),
      );
    } else {
      const items = evalPath([node.root ? root : current], node.path, root);
      const expanded =
        items.length === 1 && Array.isArray(items[0]) ? (items[0] as unknown[]) : items;
      for (const item of expanded) run(node.body, item, root, out);
    }
  }
}

/** Renders a template against a value; a bad template or evaluation is kubectl's error line. */
export function printJsonPath(template: string, value: unknown): string {
  let nodes: Node[];
  try {
    nodes = parseTemplate(template);
  } catch (error) {
    if (error instanceof JsonPathError)
      throw usageError(`error parsing jsonpath ${template}, ${error.message}`);
    throw error;
  }
  try {
    const out: string[] = [];
    run(nodes, value, value, out);
    return out.join('');
  } catch (error) {
    // kubectl then dumps the whole object in Go syntax; iddio keeps to the first sentence.
    if (error instanceof JsonPathError) {
      throw usageError(
        `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${error.message}.`,
      );
    }
    throw error;
  }
}

/** kubectl's RelaxedJSONPathExpression: "metadata.name", ".metadata.name", "{.metadata.name}" → "{.metadata.name}". */
export function relaxedJsonPath(expression: string): string {
  const match = /^\{?(\.?[^{}]*)\}?$/.exec(expression);
  if (!match) {
    throw usageError(
      `unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`,
    );
  }
  const inner = match[1] ?? '';
  return `{${inner.startsWith('.') ? inner : `.${inner}`}}`;
}

/** The values one `{expression}` template finds in a value (missing keys: none). */
export function findResults(template: string, value: unknown): unknown[] {
  try {
    const node = parseTemplate(template).find((n) => n.kind === 'expr');
    if (!node || node.kind !== 'expr') return [];
    return evalPath([value], node.path, value);
  } catch (error) {
    if (error instanceof JsonPathError)
      throw usageError(`error parsing jsonpath ${template}: ${error.message}`);
    throw error;
  }
}
