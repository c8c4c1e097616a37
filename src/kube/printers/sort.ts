/**
 * `--sort-by`, as kubectl 1.32's sorter.go: each item's key is the first result of the
 * JSONPath's first node; items are ordered with Go's sort.Sort (not stable: go-sort.ts
 * reproduces its exact order of equal keys) and this Less:
 *
 *  - an item without the field is less than anything, even another without it;
 *  - integers with integers and floats with floats numerically; strings byte by byte unless
 *    both parse as quantities ("100m" < "1"); JSON null before any value;
 *  - booleans, maps and lists, or two keys of different types, are unsortable: kubectl ends
 *    with a klog fatal line (see unsortableLine).
 *
 * Two entry points, for kubectl's two paths: sortObjects (SortObjects: objects of a list, or
 * the server's Tables themselves when get fetched several) and sortTableRows (the
 * SortingPrinter's sort of one Table's rows).
 */
import { stripControlLine } from '../../common/sanitize.js';
import { goQuote } from '../../kubectl/go-values.js';
import { KubeError } from '../errors.js';
import { goSort } from '../verbs/go-sort.js';
import { findResults } from './jsonpath.js';
import { JsonPathError, parseTemplate, type Node } from './jsonpath-parse.js';
import { compare, parseQuantity } from '../quantity.js';

/** A failure kubectl returns as an error (the message has no "error: " prefix). */
export class SortError extends Error {}

/** isLess refused a pair: kubectl's klog.Exitf (exit 1). */
export class UnsortableError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** A text node's result: a Go string of Kind String, compared without the quantity rule. */
class TextValue {
  constructor(readonly text: string) {}
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * github.com/fvbommel/sortorder NaturalLess, on UTF-8 bytes (digit runs compared as numbers).
 * Not what get --sort-by uses (that is byte order); kept for callers that want natural order.
 */
export function naturalLess(a: string, b: string): boolean {
  const s1 = Buffer.from(a, 'utf8');
  const s2 = Buffer.from(b, 'utf8');
  let i = 0;
  let j = 0;
  while (i < s1.length && j < s2.length) {
    const c1 = s1[i] as number;
    const c2 = s2[j] as number;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < s1.length && s1[i] === 0x30) i++;
    while (j < s2.length && s2[j] === 0x30) j++;
    const nz1 = i;
    const nz2 = j;
    while (i < s1.length && isDigit(s1[i] as number)) i++;
    while (j < s2.length && isDigit(s2[j] as number)) j++;
    if (i - nz1 !== j - nz2) return i - nz1 < j - nz2;
    const n1 = s1.subarray(nz1, i).toString('latin1');
    const n2 = s2.subarray(nz2, j).toString('latin1');
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}

/** Go's string <: UTF-8 byte order (UTF-16 order agrees below the surrogates). */
export function goStringLess(a: string, b: string): boolean {
  if (!/[\ud800-\uffff]/.test(a) && !/[\ud800-\uffff]/.test(b)) return a < b;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) < 0;
}

/** %T of a JSON value as unstructured holds it. */
function goType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  if (typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number')
    return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? 'int64' : 'float64';
  return 'string';
}

/** sorter.go isLess for two present keys; throws UnsortableError's detail as a string. */
function isLess(x: unknown, y: unknown): boolean {
  if (x instanceof TextValue && y instanceof TextValue) return goStringLess(x.text, y.text);
  if (x === null && y === null) return false;
  if (x === null) return true;
  if (y === null) return false;
  const tx = goType(x);
  if (tx === 'bool' || tx.startsWith('[]') || tx.startsWith('map')) throw `unsortable type: ${tx}`;
  if (tx !== goType(y)) throw 'unsortable interface: interface';
  if (typeof x === 'number') return x < (y as number);
  const qx = parseQuantity(x as string);
  const qy = qx && parseQuantity(y as string);
  if (qx && qy) return compare(qx, qy) < 0;
  return goStringLess(x as string, y as string);
}

/** kubectl's RelaxedJSONPathExpression (undefined: its error). */
export function relaxedSortPath(expression: string): string | undefined {
  if (expression === '') return expression;
  const match = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!match) return undefined;
  return `{.${match[1] ?? match[2] ?? ''}}`;
}

const RELAXED_ERROR =
  "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'";

/** FindResults' first list: the key candidates one item yields (empty: the field is missing). */
function keysOf(nodes: Node[], field: string, object: unknown): unknown[] {
  const first = nodes[0];
  if (!first) return [];
  if (first.kind === 'text' || first.kind === 'literal') return [new TextValue(first.text)];
  if (first.kind !== 'expr') return [];
  return findResults(field, object);
}

function parse(field: string, prefix: string): Node[] {
  try {
    return parseTemplate(field);
  } catch (error) {
    if (error instanceof JsonPathError) throw new SortError(`${prefix}${error.message}`);
    throw error;
  }
}

function sortKeyed<T>(field: string, nodes: Node[], items: T[], object: (item: T) => unknown): T[] {
  const keyed = items.map((item) => ({ item, keys: keysOf(nodes, field, object(item)) }));
  if (items.length > 0 && !keyed.some((k) => k.keys.length > 0))
    throw new SortError(
      `couldn't find any field with path ${goQuote(field)} in the list of objects`,
    );
  goSort(keyed, (a, b) => {
    if (a.keys.length === 0) return true;
    if (b.keys.length === 0) return false;
    try {
      return isLess(a.keys[0], b.keys[0]);
    } catch (detail) {
      if (typeof detail === 'string') throw new UnsortableError(field, detail);
      throw detail;
    }
  });
  return keyed.map((k) => k.item);
}

/**
 * SortObjects: the objects of a list (or get's several fetched Tables), in kubectl's order.
 * Throws SortError (a bad path, or no object has the field) or UnsortableError.
 */
export function sortObjects<T>(items: T[], sortBy: string, object: (item: T) => unknown): T[] {
  if (items.length === 0) return items;
  const field = relaxedSortPath(sortBy);
  if (field === undefined) throw new SortError(RELAXED_ERROR);
  return sortKeyed(field, parse(field, ''), items, object);
}

/** The previous name of sortObjects. */
export const sortByField = sortObjects;

/**
 * The SortingPrinter's sort of one Table's rows (only when it has more than one): a path
 * kubectl cannot relax is used as given. Throws SortError or UnsortableError.
 */
export function sortTableRows<T>(rows: T[], sortBy: string, object: (row: T) => unknown): T[] {
  if (rows.length <= 1) return rows;
  const field = relaxedSortPath(sortBy) ?? sortBy;
  return sortKeyed(field, parse(field, 'sorting error: '), rows, object);
}

/**
 * kubectl's klog.Exitf line for an unsortable key: `F<mmdd> <hh:mm:ss.micro> <pid>
 * sorter.go:<line>] Field … is an unsortable type: interface, err: …`. `table` is the
 * Table-row sorter (line 375), otherwise the object sorter (line 329).
 */
export function unsortableLine(
  error: UnsortableError,
  table: boolean,
  now: number,
  pid: number,
): string {
  const t = new Date(now);
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}.${String(t.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
  const where = table ? 'sorter.go:375' : 'sorter.go:329';
  const type = table ? '[][][]reflect.Value' : '*unstructured.Unstructured';
  return `F${stamp} ${String(pid).padStart(7)} ${where}] Field ${error.field} in ${type} is an unsortable type: interface, err: ${error.detail}`;
}

/**
 * What a failed sort prints, as a KubeError (exit 1): a SortError as `error: <prefix><msg>`,
 * an UnsortableError as kubectl's klog fatal line; anything else is returned unchanged.
 */
export function sortFailure(error: unknown, table: boolean, now: number, prefix = ''): unknown {
  if (error instanceof SortError)
    return new KubeError(`error: ${prefix}${stripControlLine(error.message)}`, { code: 'usage' });
  if (error instanceof UnsortableError)
    return new KubeError(stripControlLine(unsortableLine(error, table, now, process.pid)), {
      code: 'usage',
    });
  return error;
}
