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
 * Printing (widths that only grow, event wrappers) is get-watch-print.ts. An ERROR event ends
 * the watch with its Status as one error line (kubectl would print the Status as if it were a
 * row); so does a line that is not an event.
 */
import { StringDecoder } from 'node:string_decoder';
import { EXIT } from '../../common/exit-codes.js';
import type { ApiResource } from '../discovery.js';
import { KubeError, apiError, statusLine, usageError, type StatusBody } from '../errors.js';
import { flagBool, flagInt, flagValue, flagValues, notSupported } from '../flags.js';
import { goDuration, requestTimeoutOf } from '../request-timeout.js';
import { TablePrinter } from '../printers/table.js';
import { qualifiedKind, resourcePath } from '../resolve.js';
import { resolveTargets, type VerbContext } from './context.js';
import { TABLE_ACCEPT } from './get.js';
import { listItems, parseFormat } from './get-objects.js';
import { WatchPrinter } from './get-watch-print.js';
import { listFailure, selectorUsage } from './get-usage.js';

type Obj = Record<string, unknown>;

const MISSING_RESOURCE = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** kubectl's Complete/Validate checks, in its order; returns the --request-timeout in ns. */
function watchUsage(ctx: VerbContext): number | undefined {
  const { inv, output } = ctx;
  const watch = flagBool(inv, 'watch');
  const watchOnly = flagBool(inv, 'watch-only');
  if (flagValue(inv, 'sort-by')) {
    if (watch)
      output.err(
        'warning: --watch requested, --sort-by will be ignored for watch events received\n',
      );
    else if (watchOnly) output.err('warning: --watch-only requested, --sort-by will be ignored\n');
  }
  if (flagBool(inv, 'output-watch-events') && !(watch || watchOnly))
    throw usageError('--output-watch-events option can only be used with --watch or --watch-only');
  return requestTimeoutOf(inv);
}

export async function getWatch(ctx: VerbContext): Promise<number> {
  const { inv, config, output } = ctx;
  const timeoutNs = watchUsage(ctx);
  if (flagBool(inv, 'show-managed-fields')) throw notSupported('get --show-managed-fields');
  const format = parseFormat(inv.output);
  if (format.kind === 'jsonpath' || format.kind === 'custom-columns')
    throw notSupported(`get --watch -o ${format.kind}`);
  if (inv.targets.length === 0) throw usageError(MISSING_RESOURCE);
  selectorUsage(inv);
  const names = inv.targets.flatMap((t) => t.names);
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
    const chunk = flagInt(inv, 'chunk-size') ?? 500;
    let next: string | undefined;
    const pages: Obj[] = [];
    do {
      const page = await ctx.client
        .json<Obj>({
          path: resourcePath(resource, namespace),
          accept,
          query: {
            continue: next,
            fieldSelector: inv.fieldSelector,
            includeObject,
            labelSelector: inv.selector,
            limit: chunk === 0 ? undefined : String(chunk),
            timeout,
          },
        })
        .catch((error: unknown) => {
          throw listFailure(error, resource, inv.selector ?? '', inv.fieldSelector ?? '');
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
          // kubectl's watch adds NAMESPACE with -A even for cluster-scoped kinds (get does not).
          withNamespace: inv.allNamespaces,
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
  // A chunk can end inside a multi-byte character; the decoder carries it to the next one.
  const decoder = new StringDecoder('utf8');
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
    try {
      ctx.output.out(printer.print([{ object, type }], show));
    } catch (error) {
      // Thrown inside the response's data handler, this would escape as an uncaught exception.
      failure =
        error instanceof KubeError
          ? error
          : new KubeError('error: unable to print a watch event', { code: 'api-status' });
      stop.abort();
    }
    show = true;
  };
  try {
    const response = await ctx.client.stream(
      { path: request.path, query: request.query, accept: request.accept },
      (chunk) => {
        pending += decoder.write(chunk);
        for (let cut = pending.indexOf('\n'); cut >= 0; cut = pending.indexOf('\n')) {
          onLine(pending.slice(0, cut));
          pending = pending.slice(cut + 1);
        }
      },
      stop.signal,
    );
    if (response.status !== 0 && (response.status < 200 || response.status > 299))
      throw apiError(response.status, response.body);
    if (!response.aborted) onLine(pending + decoder.end());
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onInterrupt);
  }
  if (failure) throw failure;
  return ctx.signal?.aborted ? EXIT.interrupted : EXIT.ok;
}
