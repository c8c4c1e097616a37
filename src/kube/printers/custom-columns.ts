/**
 * `-o custom-columns=HEADER:path,...`: one row per object, each cell the field's values
 * joined by "," (fmt.Sprint each), `<none>` when missing; headers as written.
 */
import { stripControlLine } from '../../common/sanitize.js';
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
  const lines: string[][] = [];
  if (!noHeaders) lines.push(columns.map((c) => stripControlLine(c.header)));
  for (const object of objects) {
    lines.push(
      columns.map((column) => {
        const values = findResults(column.template, object);
        return values.length === 0
          ? '<none>'
          : values.map((v) => stripControlLine(goSprint(v))).join(',');
      }),
    );
  }
  return tabwrite(lines);
}
