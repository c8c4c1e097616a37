/**
 * `kubectl get -w` / `--watch-only` / `--output-watch-events`, as kubectl 1.32's get.go watch():
 *
 *  1. one GET of the single resource type: the list (chunked) or the named object;
 *  2. print it (nothing with --watch-only, though a table still learns its columns);
 *  3. watch from the list's resourceVersion (a named object: from "0", whose synthetic ADDED
 *     event is not printed) and print each event as it arrives, without the header again;
 *  4. stop when the server closes the stream (exit 0), when --request-timeout runs out (exit 0,
 *     silently, as client-go's http.Client timeout ends kubectl's watch) or on ctx.signal
 *     (exit 130, as iddio reports every interrupted command).
 *
 * Column widths only ever grow during a watch: kubectl's tabwriter remembers each column's
 * widest width across flushes (liggitt/tabwriter RememberWidths), so a later, narrower row is
 * still aligned under the header. JSON and YAML events keep managedFields, which kubectl strips
 * from objects but not from --output-watch-events wrappers. An ERROR event ends the watch with
 * its Status as one error line (kubectl would print the Status as if it were a row).
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import type { ApiResource } from '../discovery.js';
import { KubeError, apiError, statusLine, usageError, type StatusBody } from '../errors.js';
import { flagBool, flagValue, flagValues, notSupported } from '../flags.js';
import { goJsonString, goKeyCompare, printJson } from '../printers/json.js';
import { sortByField } from '../printers/sort.js';
import { TablePrinter, type ServerTable } from '../printers/table.js';
import { printYaml } from '../printers/yaml.js';
import { qualifiedKind, resourcePath } from '../resolve.js';
import { resolveTargets, type VerbContext } from './context.js';
import {
  TABLE_ACCEPT,
  asTable,
  listItems,
  nameOf,
  parseFormat,
  stripManagedFields,
  type Format,
} from './get.js';

type Obj = Record<string, unknown>;

const MISSING_RESOURCE = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

const INVALID_TIMEOUT =
  'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

const NS_PER: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};

/** clientcmd's ParseTimeout: whole seconds, or a Go duration; nanoseconds. */
export function parseRequestTimeout(text: string): number | undefined {
  if (/^[+-]?\d+$/.test(text) && Number(text) >= 0) return Number(text) * 1e9;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  if (body === '0') return 0;
  const re = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    total += Number(m[1]) * (NS_PER[m[2] ?? ''] ?? NaN);
    at = re.lastIndex;
  }
  return at > 0 && at === body.length && Number.isFinite(total) ? sign * total : undefined;
}

/** Go's time.Duration.String(), for the `timeout` query kubectl sends ("2s", "1m30s", "500ms"). */
export function goDuration(ns: number): string {
  if (ns < 0) return `-${goDuration(-ns)}`;
  const trim = (n: number, unit: number): string =>
    String(Number((n / unit).toFixed(9)))
      .replace(/e.*$/, '')
      .replace(/^0\./, '0.');
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns, 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns, 1e6)}ms`;
  const h = Math.floor(ns / 3.6e12);
  const m = Math.floor((ns % 3.6e12) / 6e10);
  const s = `${trim(ns % 6e10, 1e9)}s`;
  return h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
}

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

/**
 * kubectl's tabwriter with RememberWidths: Go's elastic tabstops (min width 6, padding 3), where
 * every column block is at least as wide as the widest block seen before at the same column.
 */
export class RememberingTabwriter {
  private readonly remembered: number[] = [];

  write(lines: string[][]): string {
    const out: string[] = [];
    const widths: number[] = [];
    const runes = (text: string): number => [...text].length;
    const cellsOf = (row: number): string[] => lines[row] ?? [];
    const emit = (from: number, to: number): void => {
      for (let row = from; row < to; row++) {
        const cells = cellsOf(row);
        cells.forEach((cell, j) => {
          out.push(cell);
          if (j < cells.length - 1 && j < widths.length)
            out.push(' '.repeat(Math.max(0, (widths[j] ?? 0) - runes(cell))));
        });
        out.push('\n');
      }
    };
    const format = (line0: number, line1: number): void => {
      const column = widths.length;
      let start = line0;
      for (let row = line0; row < line1; row++) {
        if (column >= cellsOf(row).length - 1) continue;
        emit(start, row);
        start = row;
        let width = 6;
        for (; row < line1 && column < cellsOf(row).length - 1; row++)
          width = Math.max(width, runes(cellsOf(row)[column] ?? '') + 3);
        while (this.remembered.length < column)
          this.remembered.push(widths[this.remembered.length] ?? 0);
        width = Math.max(width, this.remembered[column] ?? 0);
        this.remembered[column] = width;
        widths.push(width);
        format(start, row);
        widths.pop();
        start = row;
      }
      emit(start, line1);
    };
    format(0, lines.length);
    return out.join('');
  }
}

/** Prints objects and events in the chosen format, keeping kubectl's printer state across them. */
class WatchPrinter {
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
    else if (sortBy && !events && table.rows && table.rows.length > 1)
      table.rows = sortByField(table.rows, sortBy, (row) => row.object);
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

/** kubectl's Complete/Validate checks, in its order; returns the --request-timeout in ns. */
function watchUsage(ctx: VerbContext): number | undefined {
  const { inv, output } = ctx;
  const watch = flagBool(inv, 'watch');
  const watchOnly = flagBool(inv, 'watch-only');
  if (inv.raw !== undefined && (inv.args ?? []).length > 0)
    throw usageError('arguments may not be passed when --raw is specified');
  if (flagValue(inv, 'sort-by')) {
    if (watch)
      output.err(
        'warning: --watch requested, --sort-by will be ignored for watch events received\n',
      );
    else if (watchOnly) output.err('warning: --watch-only requested, --sort-by will be ignored\n');
  }
  if (inv.raw !== undefined && (watch || watchOnly || inv.selector))
    throw usageError(
      '--raw may not be specified with other flags that filter the server request or alter the output',
    );
  if (flagBool(inv, 'output-watch-events') && !(watch || watchOnly))
    throw usageError('--output-watch-events option can only be used with --watch or --watch-only');
  const timeoutText = flagValue(inv, 'request-timeout');
  if (!(watch || watchOnly)) throw notSupported('get --request-timeout without --watch');
  if (timeoutText === undefined) return undefined;
  const timeoutNs = parseRequestTimeout(timeoutText);
  if (timeoutNs === undefined) throw usageError(INVALID_TIMEOUT);
  return timeoutNs;
}

export async function getWatch(ctx: VerbContext): Promise<number> {
  const { inv, config, output } = ctx;
  const timeoutNs = watchUsage(ctx);
  if (flagBool(inv, 'show-managed-fields')) throw notSupported('get --show-managed-fields');
  const format = parseFormat(inv.output);
  if (format.kind === 'jsonpath' || format.kind === 'custom-columns')
    throw notSupported(`get --watch -o ${format.kind}`);
  if (inv.targets.length === 0) throw usageError(MISSING_RESOURCE);
  const tupleForm = (inv.args ?? []).some((arg) => arg.includes('/'));
  const names = inv.targets.flatMap((t) => t.names);
  if (names.length > 0 && (inv.selector || inv.fieldSelector))
    throw usageError(
      tupleForm
        ? 'selectors and the all flag cannot be used when passing resource/name arguments'
        : 'name cannot be provided when a selector is specified',
    );
  const resolved = await resolveTargets(ctx);
  const resources = new Map<string, ApiResource>();
  for (const { target, resources: found } of resolved) {
    if (target.subresource) throw notSupported('get --subresource');
    for (const r of found) resources.set(`${r.group}/${r.version}/${r.name}`, r);
  }
  const [resource] = resources.values();
  if (!resource) throw usageError(MISSING_RESOURCE);
  if (resources.size > 1) throw usageError('you may only specify a single resource type');
  if (names.length > 0 && inv.allNamespaces && resource.namespaced)
    throw usageError('a resource cannot be retrieved by name across all namespaces');

  const sortBy = flagValue(inv, 'sort-by');
  const events = flagBool(inv, 'output-watch-events');
  const watchOnly = flagBool(inv, 'watch-only');
  const namespace = resource.namespaced && !inv.allNamespaces ? config.namespace : undefined;
  const isTable = format.kind === 'table';
  const accept = isTable ? TABLE_ACCEPT : 'application/json';
  const includeObject = isTable && sortBy ? 'Object' : undefined;
  const timeout = timeoutNs ? goDuration(timeoutNs) : undefined;

  // 1. The GET: each named object, or every chunk of the list.
  const batch: Obj[] = [];
  const versions = new Set<string>();
  if (names.length > 0) {
    for (const name of names) {
      const path = resourcePath(resource, namespace, name);
      batch.push(await ctx.client.json<Obj>({ path, accept, query: { includeObject, timeout } }));
    }
  } else {
    const chunk = flagValue(inv, 'chunk-size') ?? '500';
    let next: string | undefined;
    const pages: Obj[] = [];
    do {
      const page = await ctx.client.json<Obj>({
        path: resourcePath(resource, namespace),
        accept,
        query: {
          continue: next,
          fieldSelector: inv.fieldSelector,
          includeObject,
          labelSelector: inv.selector,
          limit: chunk === '0' ? undefined : chunk,
          timeout,
        },
      });
      pages.push(page);
      const meta = (page.metadata ?? {}) as { continue?: unknown; resourceVersion?: unknown };
      versions.add(typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '');
      next = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
    } while (next);
    // kubectl prints a one-page list item by item, and several pages page by page.
    if (isTable || pages.length > 1)
      batch.push(...(isTable ? pages : pages.map((p) => ({ ...p, items: listItems(p) }))));
    else batch.push(...pages.flatMap(listItems));
  }

  // 2. Print it.
  const printer = new WatchPrinter(
    format,
    { sortBy, now: ctx.now, events },
    isTable
      ? new TablePrinter({
          wide: format.wide,
          noHeaders: flagBool(inv, 'no-headers'),
          withNamespace: inv.allNamespaces && resource.namespaced,
          kindPrefix: flagBool(inv, 'show-kind') ? qualifiedKind(resource) : undefined,
          columnLabels: flagValues(inv, 'label-columns')
            .flatMap((v) => v.split(','))
            .filter((v) => v !== ''),
          showLabels: flagBool(inv, 'show-labels'),
        })
      : undefined,
  );
  output.out(
    printer.print(
      batch.map((object) => ({ object, type: 'ADDED' })),
      !watchOnly,
    ),
  );
  if (names.length > 1)
    throw usageError('you may only watch a single resource or type of resource at a time');
  if (ctx.signal?.aborted) return EXIT.interrupted;

  // 3. Watch. A list's watch starts after it; a named object's starts with a synthetic ADDED.
  const isList = names.length === 0;
  const resourceVersion = isList ? ([...versions].length === 1 ? [...versions][0] : '') : '0';
  return watch(ctx, printer, {
    path: resourcePath(resource, namespace),
    accept,
    query: {
      fieldSelector: isList ? inv.fieldSelector : `metadata.name=${names[0] ?? ''}`,
      includeObject,
      labelSelector: isList ? inv.selector : undefined,
      resourceVersion: resourceVersion === '' ? undefined : resourceVersion,
      timeout,
      watch: 'true',
    },
    showFirst: isList,
    timeoutMs: timeoutNs && timeoutNs > 0 ? timeoutNs / 1e6 : undefined,
  });
}

async function watch(
  ctx: VerbContext,
  printer: WatchPrinter,
  request: {
    path: string;
    accept: string;
    query: Record<string, string | undefined>;
    showFirst: boolean;
    timeoutMs?: number;
  },
): Promise<number> {
  const stop = new AbortController();
  const onInterrupt = (): void => stop.abort();
  ctx.signal?.addEventListener('abort', onInterrupt, { once: true });
  const timer =
    request.timeoutMs !== undefined ? setTimeout(() => stop.abort(), request.timeoutMs) : undefined;
  let show = request.showFirst;
  let pending = '';
  let failure: KubeError | undefined;
  const onLine = (line: string): void => {
    if (line.trim() === '' || failure) return;
    let event: { type?: unknown; object?: unknown };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      failure = new KubeError('error: unable to decode an event from the watch stream', {
        code: 'api-status',
      });
      stop.abort();
      return;
    }
    const type = typeof event.type === 'string' ? event.type : '';
    const object = (event.object ?? {}) as Obj;
    if (type === 'BOOKMARK') return;
    if (type === 'ERROR') {
      failure = new KubeError(statusLine(object as StatusBody), { code: 'api-status' });
      stop.abort();
      return;
    }
    ctx.output.out(printer.print([{ object, type }], show));
    show = true;
  };
  try {
    const response = await ctx.client.stream(
      { path: request.path, query: request.query, accept: request.accept },
      (chunk) => {
        pending += chunk.toString('utf8');
        for (let cut = pending.indexOf('\n'); cut >= 0; cut = pending.indexOf('\n')) {
          onLine(pending.slice(0, cut));
          pending = pending.slice(cut + 1);
        }
      },
      stop.signal,
    );
    if (response.status !== 0 && (response.status < 200 || response.status > 299))
      throw apiError(response.status, response.body);
    if (!response.aborted) onLine(pending);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onInterrupt);
  }
  if (failure) throw failure;
  return ctx.signal?.aborted ? EXIT.interrupted : EXIT.ok;
}
