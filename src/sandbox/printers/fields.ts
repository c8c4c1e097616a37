/** Typed reads from plain JSON objects, and the small formatters the printers share. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function at(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

export function str(o: unknown, ...path: string[]): string {
  const v = at(o, ...path);
  return typeof v === 'string' ? v : '';
}

export function num(o: unknown, ...path: string[]): number {
  const v = at(o, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

export function list(o: unknown, ...path: string[]): unknown[] {
  const v = at(o, ...path);
  return Array.isArray(v) ? v : [];
}

export function map(o: unknown, ...path: string[]): Obj {
  const v = at(o, ...path);
  return isObj(v) ? v : {};
}

export function has(o: unknown, ...path: string[]): boolean {
  const v = at(o, ...path);
  return v !== undefined && v !== null;
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** labels.FormatLabels: `a=1,b=2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Obj): string {
  const parts = Object.keys(labels)
    .sort(byKey)
    .map((k) => `${k}=${String(labels[k])}`);
  return parts.length === 0 ? '<none>' : parts.join(',');
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): matchLabels and matchExpressions as one
 * selector sorted by key; '' for a missing or empty selector, undefined when invalid.
 */
export function selectorString(selector: unknown): string | undefined {
  if (!isObj(selector)) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(map(selector, 'matchLabels'))) {
    reqs.push({ key: k, text: `${k}=${String(v)}` });
  }
  for (const e of list(selector, 'matchExpressions')) {
    const key = str(e, 'key');
    const values = list(e, 'values').map(String).sort(byKey);
    switch (str(e, 'operator')) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  return reqs
    .sort((a, b) => byKey(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: like selectorString, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: unknown): string {
  if (!isObj(selector)) return '<none>';
  const s = selectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: container names and images, comma-joined. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = list(podSpec, 'containers');
  return [
    containers.map((c) => str(c, 'name')).join(','),
    containers.map((c) => str(c, 'image')).join(','),
  ];
}
