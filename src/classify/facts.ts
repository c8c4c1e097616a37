/**
 * An invocation → the facts rules match on, one "item" per thing the command touches: each
 * target resource, each manifest object, each unreadable manifest source (or one item with
 * no resource, for commands that name none). Command-wide facts (verb, effect, flags) are on
 * every item, so a rule can combine them with a resource.
 */
import type { Invocation } from '../kubectl/invocation.js';
import { effectOf, type Effect } from '../kubectl/verbs.js';

export type Source = 'args' | 'manifest' | 'raw' | 'unreadable' | 'none';

export interface Item {
  source: Source;
  resource?: string;
  group?: string;
  subresource?: string;
  /** Raw non-resource path (`get --raw /healthz`). */
  path?: string;
  scope?: 'namespaced' | 'cluster';
  namespace?: string;
  named: boolean;
  knownResource: boolean;
  /** For describe(): names given, or the manifest kind and file. */
  names?: readonly string[];
  kind?: string;
  file?: string;
}

export interface Facts {
  verb: string;
  subverb: string | undefined;
  effect: Effect;
  knownVerb: boolean;
  flags: ReadonlySet<string>;
  all: boolean;
  allNamespaces: boolean;
  items: Item[];
}

export interface ClassifyContext {
  /** The kubeconfig's namespace, when the caller knows it: protected-namespace rules then see it. */
  defaultNamespace?: string;
}

function names(list: readonly string[]): string {
  if (list.length === 0) return '';
  const shown = list
    .slice(0, 3)
    .map((n) => `"${n}"`)
    .join(', ');
  return list.length > 3 ? ` ${shown} (+${list.length - 3})` : ` ${shown}`;
}

/** What to call an item in a reason ('pods "api-1"', 'ClusterRole "x" from rbac.yaml'). */
export function describe(item: Item): string {
  switch (item.source) {
    case 'manifest':
      return `${item.kind ?? ''}${names(item.names ?? [])} from ${item.file ?? ''}`;
    case 'unreadable':
      return item.file ?? '';
    case 'none':
      return 'no resource';
    default:
      if (item.path !== undefined) return item.path;
      return `${item.resource ?? ''}${item.subresource ? `/${item.subresource}` : ''}${names(item.names ?? [])}`;
  }
}

export function factsOf(inv: Invocation, ctx: ClassifyContext = {}): Facts {
  const path = [inv.verb, inv.subverb, inv.subsubverb].filter((w) => w !== undefined).join(' ');
  const effect: Effect = inv.verbKnown ? effectOf(path) : 'write';
  // `label --list` / `annotate --list` only print, unless a change is also given.
  const listOnly =
    (inv.verb === 'label' || inv.verb === 'annotate') &&
    inv.flagsSet.includes('list') &&
    !inv.args.some((a) => a.includes('=') || a.endsWith('-'));
  const commandNamespace = inv.namespace ?? ctx.defaultNamespace;
  const items: Item[] = [];
  for (const t of inv.targets) {
    const item: Item = {
      source: inv.raw !== undefined ? 'raw' : 'args',
      resource: t.resource,
      group: t.group,
      named: t.names.length > 0,
      knownResource: t.known,
      names: t.names,
    };
    if (t.subresource !== undefined) item.subresource = t.subresource;
    if (t.path !== undefined) {
      item.path = t.path;
      delete item.resource;
    }
    if (t.namespaced !== undefined) item.scope = t.namespaced ? 'namespaced' : 'cluster';
    if (t.namespaced !== false && commandNamespace !== undefined && t.path === undefined) {
      item.namespace = commandNamespace;
    }
    items.push(item);
  }
  for (const o of inv.manifests) {
    const item: Item = {
      source: 'manifest',
      resource: o.resource ?? o.kind.toLowerCase(),
      group: o.subresource === undefined ? o.group : '',
      named: o.name !== undefined,
      knownResource: o.known,
      names: o.name === undefined ? [] : [o.name],
      kind: o.kind,
      file: o.source,
    };
    if (o.subresource !== undefined) item.subresource = o.subresource;
    if (o.namespaced !== undefined) item.scope = o.namespaced ? 'namespaced' : 'cluster';
    const namespace = o.namespace ?? commandNamespace;
    if (o.namespaced !== false && namespace !== undefined) item.namespace = namespace;
    items.push(item);
  }
  for (const u of inv.unreadable) {
    items.push({ source: 'unreadable', named: false, knownResource: false, file: u.source });
  }
  if (items.length === 0) {
    const item: Item = { source: 'none', named: false, knownResource: true };
    if (commandNamespace !== undefined) item.namespace = commandNamespace;
    items.push(item);
  }
  return {
    verb: inv.verb,
    subverb: inv.subverb,
    effect: listOnly ? 'read' : effect,
    knownVerb: inv.verbKnown,
    flags: new Set(inv.flagsSet),
    all: inv.all,
    allNamespaces: inv.allNamespaces,
    items,
  };
}
