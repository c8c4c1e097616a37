/** `kubectl api-resources` and `kubectl api-versions`, from (cached) discovery. */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import type { ApiResource } from '../discovery.js';
import { KubeError } from '../errors.js';
import { flagBool, flagValue, flagValues, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { tabwrite } from '../printers/tabwriter.js';
import type { VerbContext } from './context.js';

/** ServerPreferredResources: per group, each resource from the first (preferred) version that has it. */
export function preferredResources(resources: ApiResource[], groupOrder: string[]): ApiResource[] {
  const seen = new Set<string>();
  const out: ApiResource[] = [];
  for (const group of groupOrder) {
    for (const resource of resources) {
      if (resource.group !== group || resource.name.includes('/')) continue;
      const key = `${resource.group}/${resource.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(resource);
    }
  }
  return out;
}

const groupVersion = (r: ApiResource): string =>
  r.group === '' ? r.version : `${r.group}/${r.version}`;

export async function apiResources(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS['api-resources']);
  const format = inv.output ?? '';
  if (format !== '' && format !== 'wide' && format !== 'name') {
    throw new KubeError(`error: --output ${stripControlLine(format)} is not available`, {
      code: 'usage',
    });
  }
  const sortBy = flagValue(inv, 'sort-by') ?? '';
  if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') {
    throw new KubeError(`error: --sort-by accepts only name or kind`, { code: 'usage' });
  }
  if (!flagBool(inv, 'cached')) await ctx.discovery.refresh();
  const discovery = await ctx.discovery.get();
  const namespacedFlag = flagValue(inv, 'namespaced');
  const apiGroup = flagValue(inv, 'api-group');
  const verbs = flagValues(inv, 'verbs')
    .flatMap((v) => v.split(','))
    .filter((v) => v !== '');
  let rows = preferredResources(
    discovery.resources,
    discovery.groups.map((g) => g.name),
  ).filter((r) => {
    if (namespacedFlag !== undefined && String(r.namespaced) !== namespacedFlag) return false;
    if (apiGroup !== undefined && r.group !== apiGroup) return false;
    if (verbs.length > 0 && !verbs.every((verb) => r.verbs.includes(verb))) return false;
    return true;
  });
  const key = (r: ApiResource): string =>
    sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : r.group;
  rows = rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = key(a.r);
      const y = key(b.r);
      if (x !== y) return x < y ? -1 : 1;
      if (a.r.name !== b.r.name) return a.r.name < b.r.name ? -1 : 1;
      return a.i - b.i;
    })
    .map(({ r }) => r);
  const clean = stripControlLine;
  if (format === 'name') {
    output.out(
      rows.map((r) => `${clean(r.group === '' ? r.name : `${r.name}.${r.group}`)}\n`).join(''),
    );
    return EXIT.ok;
  }
  const wide = format === 'wide';
  const lines: string[][] = [];
  if (!flagBool(inv, 'no-headers')) {
    lines.push([
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
      ...(wide ? ['VERBS', 'CATEGORIES'] : []),
    ]);
  }
  for (const r of rows) {
    const line = [
      clean(r.name),
      clean(r.shortNames.join(',')),
      clean(groupVersion(r)),
      String(r.namespaced),
      clean(r.kind),
    ];
    if (wide) line.push(clean(r.verbs.join(',')), clean(r.categories.join(',')));
    lines.push(line);
  }
  output.out(tabwrite(lines));
  return EXIT.ok;
}

export async function apiVersions(ctx: VerbContext): Promise<number> {
  requireHandled(ctx.inv, HANDLED_FLAGS['api-versions']);
  await ctx.discovery.refresh();
  const discovery = await ctx.discovery.get();
  const versions = discovery.groups.flatMap((g) =>
    g.versions.map((v) => (g.name === '' ? v : `${g.name}/${v}`)),
  );
  versions.sort();
  ctx.output.out(versions.map((v) => `${stripControlLine(v)}\n`).join(''));
  return EXIT.ok;
}
