/**
 * How `get -w` prints, as kubectl's printer chain does across one watch: the table printer
 * keeps its header state and columns from the list to every event, kubectl's tabwriter
 * remembers each column's widest width across flushes (liggitt/tabwriter RememberWidths: a
 * later, narrower row stays aligned under the header), YAML documents are separated by
 * `---`, and --output-watch-events wraps objects as kubectl's WatchEvent printers do (an
 * EVENT column; compact `{"type","object"}` JSON; managedFields kept in wrappers, because
 * kubectl's OmitManagedFieldsPrinter cannot see into them).
 */
import { stripControlLine } from '../../common/sanitize.js';
import { goJsonString, goKeyCompare, printJson } from '../printers/json.js';
import { sortFailure, sortTableRows } from '../printers/sort.js';
import type { ServerTable, TablePrinter } from '../printers/table.js';
import { KUBECTL_TABS, tabwrite } from '../printers/tabwriter.js';
import { printYaml } from '../printers/yaml.js';
import { asTable, nameOf, stripManagedFields, type Format } from './get-objects.js';

type Obj = Record<string, unknown>;

/** Go's json.Marshal of an unstructured value: compact, keys sorted, HTML characters escaped. */
export function compactJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`;
  const obj = value as Obj;
  const keys = Object.keys(obj)
    .filter((key) => obj[key] !== undefined)
    .sort(goKeyCompare);
  return `{${keys.map((key) => `${goJsonString(key)}:${compactJson(obj[key])}`).join(',')}}`;
}

/** kubectl's tabwriter with RememberWidths: column widths only grow across a watch's writes. */
export class RememberingTabwriter {
  private readonly remembered: number[] = [];

  write(lines: string[][]): string {
    return tabwrite(lines, { ...KUBECTL_TABS, remembered: this.remembered });
  }
}

/** Prints objects and events in the chosen format, keeping kubectl's printer state across them. */
export class WatchPrinter {
  private readonly tabs = new RememberingTabwriter();
  private readonly table: TablePrinter | undefined;
  private lastColumns: ServerTable['columnDefinitions'];
  private yamlCount = 0;

  constructor(
    private readonly format: Format,
    private readonly options: { sortBy?: string; now: () => number; events: boolean },
    table?: TablePrinter,
  ) {
    this.table = table;
  }

  /** One batch (the initial GET, or one event), flushed as one tabwriter block. */
  print(items: Array<{ object: Obj; type: string }>, show: boolean): string {
    if (this.table) {
      const lines = items.flatMap(({ object, type }) => this.tableLines(object, type, show));
      return this.tabs.write(lines);
    }
    if (!show) return '';
    return items.map(({ object, type }) => this.objectText(object, type)).join('');
  }

  private tableLines(object: Obj, type: string, show: boolean): string[][] {
    const { events, sortBy, now } = this.options;
    // kubectl's skipPrinter: a suppressed table still passes through (rows dropped) so its
    // columns are learnt; a suppressed watch-event wrapper does not reach the printer at all.
    if (!show && events) return [];
    const table = { ...asTable(object, now()) };
    if (!table.columnDefinitions || table.columnDefinitions.length === 0)
      table.columnDefinitions = this.lastColumns;
    else this.lastColumns = table.columnDefinitions;
    if (!show) table.rows = [];
    else if (sortBy && !events && table.rows && table.rows.length > 1) {
      try {
        table.rows = sortTableRows(table.rows, sortBy, (row) => row.object);
      } catch (error) {
        throw sortFailure(error, true, now(), 'unable to output the provided object: ');
      }
    }
    const lines = (this.table as TablePrinter).print(table);
    if (events) {
      const header = lines.length > (table.rows?.length ?? 0);
      const label = eventLabel(type);
      lines.forEach((line, i) => line.unshift(header && i === 0 ? 'EVENT' : label));
    }
    return lines;
  }

  private objectText(object: Obj, type: string): string {
    const { format, options } = this;
    if (format.kind === 'name') {
      // The name printer walks a list page's items.
      const items = Array.isArray(object.items) ? (object.items as Obj[]) : [object];
      return items.map((item) => `${nameOf(item)}\n`).join('');
    }
    if (format.kind === 'json')
      return options.events
        ? `{"type":${goJsonString(type)},"object":${compactJson(object)}}\n`
        : printJson(omitManagedFields(object));
    const separator = this.yamlCount++ > 0 ? '---\n' : '';
    return separator + printYaml(options.events ? { object, type } : omitManagedFields(object));
  }
}

/** kubectl's OmitManagedFieldsPrinter: from the object, or from each item of a list page. */
function omitManagedFields(object: Obj): Obj {
  if (!Array.isArray(object.items)) return stripManagedFields(object);
  return { ...object, items: (object.items as Obj[]).map(stripManagedFields) };
}

/** The EVENT column: kubectl pads the known types to eight characters. */
function eventLabel(type: string): string {
  return ['ADDED', 'MODIFIED', 'DELETED', 'ERROR'].includes(type)
    ? type.padEnd(8)
    : stripControlLine(type);
}
