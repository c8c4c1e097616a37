/**
 * `-o custom-columns=HEADER:path,...`: one row per object, each cell the field's values
 * joined by "," (fmt.Sprint each), `<none>` when missing; headers as written.
 */
import { stripControl, stripControlLine } from '../../common/sanitize.js';
import { usageError } from '../errors.js';
import { findResults, relaxedJsonPath } from './jsonpath.js';
import { goSprint } from './table.js';
import { tabwrite } from './tabwriter.js';

export interface Column {
  header: string;
  template: string;
}

export function parseColumns(spec: string): Column[] {
  if (spec === '') throw usageError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) {
      throw usageError(
        `unexpected custom-columns spec: ${stripControlLine(part)}, expected <header>:<json-path-expr>`,
      );
    }
    return { header: part.slice(0, colon), template: relaxedJsonPath(part.slice(colon + 1)) };
  });
}

export function printCustomColumns(
  columns: Column[],
  objects: unknown[],
  noHeaders: boolean,
): string {
  // kubectl writes each row as tab-joined text into its tabwriter, so a newline or tab inside
  // a value starts a new line or cell there; building the same text and splitting it again
  // reproduces that layout exactly. Terminal controls other than \n and \t are stripped.
  const rows: string[] = [];
  if (!noHeaders) rows.push(columns.map((c) => stripControl(c.header)).join('\t'));
  for (const object of objects) {
    const cells = columns.map((column) => {
      const values = findResults(column.template, object);
      return values.length === 0
        ? '<none>'
        : values.map((v) => stripControl(goSprint(v))).join(',');
    });
    rows.push(cells.join('\t'));
  }
  if (rows.length === 0) return '';
  const text = `${rows.join('\n')}\n`;
  const lines = text
    .slice(0, -1)
    .split('\n')
    .map((line) => line.split('\t'));
  return tabwrite(lines);
}
