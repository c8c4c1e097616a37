/**
 * The text machinery every describer shares, mirroring kubectl's describe package: a prefix
 * writer whose lines go through one Go text/tabwriter (minwidth 0, padding 2), flushed where
 * kubectl flushes (before an Events table), plus the small formatters (labels, annotations,
 * RFC 1123 times) that recur in every kind's output. Values from the cluster are stripped of
 * terminal control characters here, as they are written.
 */
import { humanDuration } from '../../common/human-duration.js';
import { stripControl } from '../../common/sanitize.js';
import { tabwrite } from '../printers/tabwriter.js';

export type Obj = Record<string, unknown>;

const DESCRIBE_TABS = { minWidth: 0, padding: 2 };

/** Indentation of kubectl's LEVEL_0 … LEVEL_4. */
const INDENT = ['', '  ', '    ', '      ', '        '];

export class DescribeWriter {
  private pending = '';
  private done = '';

  /** Writes text at an indentation level; the text carries its own tabs and newlines. */
  write(level: number, text: string): void {
    this.pending += (INDENT[level] ?? '') + text;
  }

  /** Aligns what was written so far as its own tab block (kubectl's w.Flush()). */
  flush(): void {
    if (this.pending === '') return;
    const lines = this.pending.split('\n');
    const last = lines.pop() ?? '';
    this.done += tabwrite(
      lines.map((line) => line.split('\t')),
      DESCRIBE_TABS,
    );
    // An unterminated last line stays buffered in Go's tabwriter too; it is written on flush.
    this.done += last.split('\t').join('');
    this.pending = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}

/** Cluster text, with control characters other than tab and newline removed. */
export const clean = (value: unknown): string => stripControl(goString(value));

/** Go's %v for the JSON scalars describe prints. */
export function goString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export const asObj = (value: unknown): Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
export const asList = (value: unknown): Obj[] => (Array.isArray(value) ? (value as Obj[]) : []);
export const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((item) => goString(item)) : [];
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

export const orNone = (text: string): string => (text === '' ? '<none>' : text);

/** Go's byte-order sort.Strings. */
export function sortedKeys(record: Obj): string[] {
  return Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Go's time.RFC1123Z in the local zone, as kubectl prints it: "Mon, 23 Nov 2026 07:03:34 +0000". */
export function rfc1123z(value: unknown): string {
  const ms = typeof value === 'string' && value !== '' ? Date.parse(value) : NaN;
  // A zero metav1.Time prints as Go's zero time.
  if (Number.isNaN(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${DAYS[date.getDay()]}, ${pad(date.getDate())} ${MONTHS[date.getMonth()]} ${date.getFullYear()} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ` +
    `${sign}${pad(Math.trunc(abs / 60))}${pad(abs % 60)}`
  );
}

/** kubectl's translateTimestampSince: "<unknown>" for a zero time, else a human duration. */
export function since(value: unknown, now: number): string {
  const ms = typeof value === 'string' && value !== '' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? '<unknown>' : humanDuration(now - ms);
}

/** printLabelsMultilineWithIndent: `Title:\tk=v` with continuation lines under the first value. */
export function writeLabels(
  w: DescribeWriter,
  title: string,
  labels: unknown,
  indent = '',
  inner = '\t',
): void {
  const record = asObj(labels);
  w.write(0, `${indent}${title}:\t`);
  const keys = sortedKeys(record);
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, inner);
    w.write(0, `${clean(key)}=${clean(record[key])}\n`);
  });
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printAnnotationsMultilineWithIndent: long values truncated, last-applied skipped. */
export function writeAnnotations(
  w: DescribeWriter,
  title: string,
  annotations: unknown,
  indent = '',
  inner = '\t',
): void {
  const record = asObj(annotations);
  w.write(0, `${indent}${title}:\t`);
  const keys = sortedKeys(record).filter((key) => key !== LAST_APPLIED);
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, inner);
    const value = goString(record[key]).replace(/\n$/, '');
    // Long or multi-line values go under the key, line by line, each cut at 138 bytes.
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${clean(key)}:\n`);
      for (const line of value.split('\n'))
        w.write(0, `${inner}  ${clean(shorten(line, MAX_ANNOTATION_LEN - 2))}\n`);
    } else w.write(0, `${clean(key)}: ${clean(value)}\n`);
  });
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** kubectl's shorten: Go slices bytes, so a cut inside a multi-byte rune keeps its first bytes. */
function shorten(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length > max ? `${bytes.subarray(0, max).toString('utf8')}...` : text;
}

/** metav1.FormatLabelSelector: requirements sorted by key, values sorted, or "<none>". */
export function formatLabelSelector(selector: unknown): string {
  const sel = asObj(selector);
  const labels = asObj(sel.matchLabels);
  const reqs: Array<[string, string]> = sortedKeys(labels).map((key) => [
    key,
    `${key}=${goString(labels[key])}`,
  ]);
  for (const req of asList(sel.matchExpressions)) {
    const values = asStrings(req.values).sort();
    const op = str(req.operator);
    const key = str(req.key);
    if (op === 'In' || op === 'NotIn')
      reqs.push([key, `${key} ${op === 'In' ? 'in' : 'notin'} (${values.join(',')})`]);
    else if (op === 'Exists') reqs.push([key, key]);
    else if (op === 'DoesNotExist') reqs.push([key, `!${key}`]);
  }
  reqs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = reqs.map(([, text]) => text).join(',');
  return text === '' ? '<none>' : clean(text);
}

/** labels.FormatLabels: "k=v,k2=v2" sorted, or "<none>". */
export function formatLabels(labels: unknown): string {
  const record = asObj(labels);
  const text = sortedKeys(record)
    .map((key) => `${key}=${goString(record[key])}`)
    .join(',');
  return text === '' ? '<none>' : clean(text);
}

/** printController: "Kind/name" of the controller owner reference, or ''. */
export function controllerOf(metadata: Obj): string {
  const owner = asList(metadata.ownerReferences).find((ref) => ref.controller === true);
  return owner ? clean(`${str(owner.kind)}/${str(owner.name)}`) : '';
}
