/**
 * `--sort-by`: kubectl's ordering of objects (or table rows) by one JSONPath field: numbers
 * numerically, strings in natural order (sortorder.NaturalLess: digit runs compared as
 * numbers), false before true; rows without the field first.
 */
import { findResults, relaxedJsonPath } from './jsonpath.js';

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** github.com/fvbommel/sortorder NaturalLess, on UTF-8 bytes. */
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
  // Identical so far and at least one ended: the one that continues sorts last.
  return s1.length < s2.length;
}

function less(x: unknown, y: unknown): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x < y;
  if (typeof x === 'string' && typeof y === 'string') return naturalLess(x, y);
  if (typeof x === 'boolean' && typeof y === 'boolean') return !x && y;
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let k = 0; k < Math.min(x.length, y.length); k++) {
      if (less(x[k], y[k])) return true;
      if (less(y[k], x[k])) return false;
    }
    return x.length < y.length;
  }
  return false;
}

/** Stable sort of items by the field each yields through `key(item)` (the object to look in). */
export function sortByField<T>(items: T[], field: string, key: (item: T) => unknown): T[] {
  const template = relaxedJsonPath(field);
  const keyed = items.map((item, index) => ({
    item,
    index,
    values: findResults(template, key(item)),
  }));
  keyed.sort((a, b) => {
    const x = a.values;
    const y = b.values;
    if (x.length === 0 && y.length === 0) return a.index - b.index;
    if (x.length === 0) return -1;
    if (y.length === 0) return 1;
    if (less(x[0], y[0])) return -1;
    if (less(y[0], x[0])) return 1;
    return a.index - b.index;
  });
  return keyed.map((k) => k.item);
}
