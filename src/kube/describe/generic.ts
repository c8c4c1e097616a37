/**
 * kubectl's generic describer, used for every kind without a dedicated one: the header, then
 * every field of the object, keys sorted, nested maps indented, field names turned into
 * "smart labels" (apiVersion → "API Version").
 */
import { writeEvents } from './events.js';
import {
  DescribeWriter,
  asObj,
  clean,
  goString,
  sortedKeys,
  writeAnnotations,
  writeLabels,
  type Obj,
} from './writer.js';

type CharClass = 'lower' | 'upper' | 'digit' | 'other';

const classOf = (ch: string): CharClass => {
  if (/\p{Ll}/u.test(ch)) return 'lower';
  if (/\p{Lu}|\p{Lt}/u.test(ch)) return 'upper';
  if (/\p{Nd}/u.test(ch)) return 'digit';
  return 'other';
};

/** fatih/camelcase.Split: runs of one character class, with "HTTPServer" → HTTP, Server. */
export function camelSplit(text: string): string[] {
  const runs: string[][] = [];
  let last: CharClass | undefined;
  for (const ch of text) {
    const cls = classOf(ch);
    if (cls === last) runs[runs.length - 1]?.push(ch);
    else runs.push([ch]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const run = runs[i] ?? [];
    const next = runs[i + 1] ?? [];
    const a = run[0];
    const b = next[0];
    if (a && b && classOf(a) === 'upper' && classOf(b) === 'lower') {
      const moved = run.pop();
      if (moved) next.unshift(moved);
    }
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(''));
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor. Field names with characters other than letters and '-' are kept as they are. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((part) => part !== '_')
    .map((part) =>
      ACRONYMS.has(part.toUpperCase())
        ? part.toUpperCase()
        : part.replace(
            /(^|[^\p{L}\p{N}'])(\p{L})/gu,
            (_m, pre: string, ch: string) => pre + ch.toUpperCase(),
          ),
    )
    .join(' ');
}

const SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

function writeContent(w: DescribeWriter, level: number, content: Obj, prefix: string): void {
  for (const field of sortedKeys(content)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    const label = clean(smartLabel(field));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${label}:\n`);
      writeContent(w, level + 1, value as Obj, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${label}:\n`);
      for (const child of value as unknown[]) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child))
          writeContent(w, level + 1, child as Obj, path);
        else w.write(level + 1, `${clean(goValue(child))}\n`);
      }
    } else w.write(level, `${label}:\t${clean(goValue(value))}\n`);
  }
}

/** Go's %v for a decoded JSON value (nil prints as <nil>; nested lists as [a b]). */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const record = value as Obj;
    return `map[${sortedKeys(record)
      .map((key) => `${key}:${goValue(record[key])}`)
      .join(' ')}]`;
  }
  return goString(value);
}

export function describeGeneric(object: Obj, events: Obj[] | undefined, now: number): string {
  const w = new DescribeWriter();
  const metadata = asObj(object.metadata);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  writeContent(w, 0, object, '');
  writeEvents(w, events, now);
  return w.toString();
}
