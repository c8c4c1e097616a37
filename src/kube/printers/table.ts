/**
 * Server-side Table → lines of cells, as kubectl's HumanReadablePrinter decorates and prints
 * them: priority>0 columns only with -o wide, NAMESPACE first with -A, `kind/` before the
 * name when several kinds are printed, -L label columns and LABELS last; headers once per
 * run of tables with the same columns, and none for a table without rows.
 *
 * Where kubectl escapes terminal control characters in cells (ESC → "^[", CR → "\r"), iddio
 * strips them (src/common/sanitize.ts); the two differ only for hostile cluster content.
 */
import { stripControlLine } from '../../common/sanitize.js';
import { goKeyCompare } from './json.js';

export interface ColumnDefinition {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { namespace?: string; labels?: Record<string, string> } };
}

export interface ServerTable {
  kind?: string;
  columnDefinitions?: ColumnDefinition[];
  rows?: TableRow[];
  metadata?: { continue?: string; resourceVersion?: string };
}

export interface TableOptions {
  wide: boolean;
  noHeaders: boolean;
  withNamespace: boolean;
  /** "pod", "deployment.apps": prefixes the name column when several kinds are printed. */
  kindPrefix?: string;
  columnLabels: string[];
  showLabels: boolean;
}

/** fmt.Sprint of a JSON value, as kubectl prints a non-string cell. */
export function goSprint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  const obj = value as Record<string, unknown>;
  return `map[${Object.keys(obj)
    .sort(goKeyCompare)
    .map((key) => `${key}:${goSprint(obj[key])}`)
    .join(' ')}]`;
}

/** A string cell: cut at the first line break (with "..."), control characters removed. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : goSprint(value);
  const cut = text.search(/[\f\n\r]/);
  return cut >= 0 ? `${stripControlLine(text.slice(0, cut))}...` : stripControlLine(text);
}

/** labels.FormatLabels: sorted k=v pairs, or <none>. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(goKeyCompare);
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${(labels ?? {})[key]}`).join(',');
}

export function labelHeader(key: string): string {
  const parts = key.split('/');
  return (parts[parts.length - 1] ?? '').toUpperCase();
}

/** Prints successive tables of one kind; remembers headers like kubectl's printer does. */
export class TablePrinter {
  private lastColumns: string | undefined;
  private printedHeaders = false;

  constructor(private readonly options: TableOptions) {}

  print(table: ServerTable): string[][] {
    const defs = table.columnDefinitions ?? [];
    const rows = table.rows ?? [];
    const signature = JSON.stringify(defs);
    let noHeaders = this.options.noHeaders;
    if (this.printedHeaders && (defs.length === 0 || signature === this.lastColumns))
      noHeaders = true;
    if (defs.length > 0 && signature !== this.lastColumns) {
      this.lastColumns = signature;
      this.printedHeaders = false;
    }
    if (rows.length > 0) this.printedHeaders = true;
    const { wide, withNamespace, kindPrefix, columnLabels, showLabels } = this.options;
    const visible = defs.map((def) => wide || !def.priority);
    const nameColumn = kindPrefix
      ? defs.findIndex((def) => def.format === 'name' && def.type === 'string')
      : -1;
    const lines: string[][] = [];
    if (!noHeaders) {
      if (rows.length === 0) return lines;
      const header: string[] = [];
      if (withNamespace) header.push('NAMESPACE');
      defs.forEach((def, i) => visible[i] && header.push(stripControlLine(def.name).toUpperCase()));
      for (const key of columnLabels) header.push(labelHeader(key));
      if (showLabels) header.push('LABELS');
      lines.push(header);
    }
    for (const row of rows) {
      const metadata = row.object?.metadata;
      const line: string[] = [];
      if (withNamespace) line.push(cellText(metadata?.namespace ?? ''));
      row.cells.slice(0, defs.length).forEach((cell, i) => {
        if (!visible[i]) return;
        line.push(i === nameColumn ? `${kindPrefix}/${cellText(cell)}` : cellText(cell));
      });
      if (metadata) {
        for (const key of columnLabels) line.push(stripControlLine(metadata.labels?.[key] ?? ''));
        if (showLabels) line.push(stripControlLine(formatLabels(metadata.labels)));
      }
      lines.push(line);
    }
    return lines;
  }
}
