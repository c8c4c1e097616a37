/**
 * `kubectl get`: server-side Table for human output; plain JSON for -o name|json|yaml|jsonpath.
 * Follows kubectl's get.go: one request per name (errors collected, printed after the
 * output), lists chunked with limit=500, a new header block (and a blank line) whenever the
 * kind changes, "No resources found" on stderr when nothing was printed.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControl, stripControlLine } from '../../common/sanitize.js';
import type { ApiResource } from '../discovery.js';
import { ErrorList, KubeError, isNotFound, usageError } from '../errors.js';
import {
  flagBool,
  flagInt,
  flagValue,
  flagValues,
  HANDLED_FLAGS,
  notSupported,
  requireHandled,
} from '../flags.js';
import { printCustomColumns } from '../printers/custom-columns.js';
import { printJson } from '../printers/json.js';
import { SortError, sortFailure, sortObjects, sortTableRows } from '../printers/sort.js';
import { printJsonPath } from '../printers/jsonpath.js';
import { TablePrinter } from '../printers/table.js';
import { tabwrite } from '../printers/tabwriter.js';
import { printYaml } from '../printers/yaml.js';
import { qualifiedKind, resourcePath } from '../resolve.js';
import { resolveTargets, type VerbContext } from './context.js';
import { asTable, listItems, nameOf, parseFormat, stripManagedFields } from './get-objects.js';
import { listFailure, rawUsage, selectorUsage } from './get-usage.js';

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const CHUNK = 500;

type Obj = Record<string, unknown>;

interface Request {
  resource: ApiResource;
  name?: string;
}

export async function get(ctx: VerbContext): Promise<number> {
  const { inv, config, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS.get);
  // kubectl's Complete and Validate refuse --raw with arguments or with what it cannot honour.
  if (inv.raw !== undefined) rawUsage(inv);
  // -w, --watch-only and the flags that only mean something with them: see get-watch.ts.
  const watchFlags = ['watch', 'watch-only', 'output-watch-events'];
  if (watchFlags.some((f) => flagBool(inv, f)))
    return (await import('./get-watch.js')).getWatch(ctx);
  if (inv.raw !== undefined) {
    // `get --raw PATH`: the response body as the server sent it (terminal controls stripped).
    const response = await ctx.client.call({ path: inv.raw, accept: 'application/json, */*' });
    output.out(stripControl(response.body.toString('utf8')));
    return EXIT.ok;
  }
  if (flagBool(inv, 'show-managed-fields')) throw notSupported('get --show-managed-fields');
  const format = parseFormat(inv.output);
  if (inv.targets.length === 0) {
    output.err(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
    );
    throw new KubeError(
      'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
      { code: 'usage', exitCode: EXIT.kubeFailed },
    );
  }
  selectorUsage(inv);
  const allNamespaces = inv.allNamespaces;
  const namespace = config.namespace;
  const requests: Request[] = [];
  for (const { target, resources } of await resolveTargets(ctx)) {
    if (target.subresource) throw notSupported('get --subresource');
    for (const resource of resources) {
      if (target.names.length === 0) requests.push({ resource });
      else for (const name of target.names) requests.push({ resource, name });
    }
  }
  const named = requests.some((r) => r.name !== undefined);
  if (named && allNamespaces)
    throw usageError('a resource cannot be retrieved by name across all namespaces');
  const sortBy = flagValue(inv, 'sort-by');
  // kubectl does not chunk when it sorts: it needs every object at once.
  const chunk = sortBy ? 0 : (flagInt(inv, 'chunk-size') ?? CHUNK);
  const nsFor = (resource: ApiResource): string | undefined =>
    resource.namespaced && !allNamespaces ? namespace : undefined;
  const errors = new ErrorList();
  const ignoreNotFound = flagBool(inv, 'ignore-not-found');

  /** Fetches one request: the object, or every chunk of the list. */
  const fetch = async (request: Request, accept: string): Promise<Obj[]> => {
    const path = resourcePath(request.resource, nsFor(request.resource), request.name);
    // Sorting a table needs each row's whole object, not just its metadata.
    const includeObject = sortBy && accept === TABLE_ACCEPT ? 'Object' : undefined;
    if (request.name !== undefined) {
      try {
        return [await ctx.client.json<Obj>({ path, accept, query: { includeObject } })];
      } catch (error) {
        if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
        if (!(ignoreNotFound && isNotFound(error))) errors.addApi(error);
        return [];
      }
    }
    const pages: Obj[] = [];
    let next: string | undefined;
    try {
      do {
        const page = await ctx.client.json<Obj>({
          path,
          accept,
          query: {
            labelSelector: inv.selector,
            fieldSelector: inv.fieldSelector,
            limit: chunk === 0 ? undefined : String(chunk),
            continue: next,
            includeObject,
          },
        });
        pages.push(page);
        const cont = (page.metadata as Obj | undefined)?.continue;
        next = typeof cont === 'string' && cont !== '' ? cont : undefined;
      } while (next);
    } catch (error) {
      // kubectl's builder continues on error: the failure is collected, the others printed.
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      const failure = listFailure(
        error,
        request.resource,
        inv.selector ?? '',
        inv.fieldSelector ?? '',
      );
      if (!(ignoreNotFound && isNotFound(failure))) errors.addApi(failure as KubeError);
      return [];
    }
    return pages;
  };

  const kinds = new Set(requests.map((r) => `${r.resource.group}/${r.resource.kind}`));
  if (format.kind !== 'table') {
    const singleItemImplied = requests.length === 1 && requests[0]?.name !== undefined;
    const objects: Obj[] = [];
    for (const request of requests) {
      for (const result of await fetch(request, 'application/json')) {
        if (request.name !== undefined) objects.push(result);
        else objects.push(...listItems(result));
      }
    }
    if (singleItemImplied && errors.length > 0) {
      output.err(errors.render());
      return EXIT.kubeFailed;
    }
    let sorted = objects;
    // kubectl's SortingPrinter sorts the list it prints (not a single object it prints as is).
    if (sortBy && !(singleItemImplied && objects.length === 1)) {
      try {
        sorted = sortObjects(objects, sortBy, (object) => object);
      } catch (error) {
        // Printed after the errors already collected (not-found names), nothing on stdout.
        if (!(error instanceof SortError)) throw sortFailure(error, false, ctx.now());
        errors.add(error.message);
        output.err(errors.render());
        return EXIT.kubeFailed;
      }
    }
    const shown =
      format.kind === 'jsonpath' || format.kind === 'custom-columns'
        ? sorted
        : sorted.map(stripManagedFields);
    const value =
      singleItemImplied && shown.length === 1
        ? shown[0]
        : { apiVersion: 'v1', items: shown, kind: 'List', metadata: { resourceVersion: '' } };
    if (format.kind === 'name') output.out(shown.map((object) => `${nameOf(object)}\n`).join(''));
    else if (format.kind === 'json') output.out(printJson(value));
    else if (format.kind === 'yaml') output.out(printYaml(value));
    else if (format.kind === 'custom-columns')
      output.out(printCustomColumns(format.columns, shown, flagBool(inv, 'no-headers')));
    else output.out(printJsonPath(format.template, value));
    if (errors.length > 0) output.err(errors.render());
    return errors.length > 0 ? EXIT.kubeFailed : EXIT.ok;
  }

  const withKind = kinds.size > 1 || flagBool(inv, 'show-kind');
  const noHeaders = flagBool(inv, 'no-headers');
  const columnLabels = flagValues(inv, 'label-columns')
    .flatMap((v) => v.split(','))
    .filter((v) => v !== '');
  let text = '';
  let wroteSomething = false;
  let lastKey: string | undefined;
  let printer: TablePrinter | undefined;
  let block: string[][] = [];
  const flush = (): void => {
    const chunkText = tabwrite(block);
    block = [];
    if (chunkText === '') return;
    if (separatorReady) {
      text += '\n';
      separatorReady = false;
    }
    text += chunkText;
    wroteSomething = true;
  };
  let separatorReady = false;
  let allNamespaced = !allNamespaces;
  let infos: Array<{ request: Request; page: Obj }> = [];
  for (const request of requests)
    for (const page of await fetch(request, TABLE_ACCEPT)) infos.push({ request, page });
  // Several Tables (kinds, or named objects): kubectl's RuntimeSorter sorts the Tables
  // themselves by the field, before printing anything; its failure is the only error shown.
  if (sortBy && infos.length > 1) {
    try {
      infos = sortObjects(infos, sortBy, (info) => info.page);
    } catch (error) {
      throw sortFailure(error, false, ctx.now());
    }
  }
  for (const { request, page } of infos) {
    const { resource } = request;
    allNamespaced = allNamespaced && resource.namespaced;
    const key = `${resource.group}/${resource.version}/${resource.name}`;
    if (key !== lastKey) {
      flush();
      if (lastKey !== undefined && !noHeaders && wroteSomething) separatorReady = true;
      printer = new TablePrinter({
        wide: format.wide,
        noHeaders,
        withNamespace: allNamespaces && resource.namespaced,
        kindPrefix: withKind ? qualifiedKind(resource) : undefined,
        columnLabels,
        showLabels: flagBool(inv, 'show-labels'),
      });
      lastKey = key;
    }
    const table = asTable(page, ctx.now());
    if (sortBy && table.rows) {
      try {
        table.rows = sortTableRows(table.rows, sortBy, (row) => row.object);
      } catch (error) {
        // kubectl ignores the printer's error: that Table prints nothing (not even its header).
        if (error instanceof SortError) continue;
        flush();
        output.out(text);
        throw sortFailure(error, true, ctx.now());
      }
    }
    block.push(...(printer as TablePrinter).print(table));
  }
  flush();
  output.out(text);
  if (errors.length > 0) output.err(errors.render());
  if (!wroteSomething && !ignoreNotFound && errors.length === 0) {
    output.err(
      allNamespaced
        ? `No resources found in ${stripControlLine(namespace)} namespace.\n`
        : 'No resources found\n',
    );
  }
  return errors.length > 0 ? EXIT.kubeFailed : EXIT.ok;
}
