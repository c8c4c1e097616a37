/**
 * API discovery with a per-cluster disk cache, as kubectl keeps one under ~/.kube/cache:
 * kubectl's cache lives 6 hours (cli-runtime's ToDiscoveryClient), and so does this one.
 * A resource name that the cached discovery does not know triggers one refresh before it is
 * reported unknown (kubectl's deferred mapper does the same), so a new CRD is found at once.
 *
 * Both discovery formats are read: aggregated (apidiscovery.k8s.io/v2, two requests) and the
 * legacy per-group-version documents.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../common/make-dirs.js';
import type { KubeClient } from './client.js';
import { readRegularFile } from '../common/read-regular.js';

export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

export interface ApiResource {
  /** Plural name, or "pods/log" for a subresource. */
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  group: string;
  version: string;
}

export interface ApiGroup {
  name: string;
  /** Versions, preferred first. */
  versions: string[];
}

export interface Discovery {
  v: 1;
  fetchedAt: number;
  groups: ApiGroup[];
  resources: ApiResource[];
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

type Obj = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strs = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const objs = (value: unknown): Obj[] =>
  Array.isArray(value) ? value.filter((v): v is Obj => typeof v === 'object' && v !== null) : [];

/** kubectl's cache directory name for a server: scheme dropped, unsafe characters → "_". */
export function cacheKey(server: string): string {
  const schemeless = server.replace(/^https?:\/\//, '');
  return schemeless.replace(/[^\w/.]/g, '_').replace(/\//g, '_');
}

function fromAggregated(list: Obj, out: Discovery): void {
  for (const item of objs(list.items)) {
    const metadata = (item.metadata ?? {}) as Obj;
    const group: ApiGroup = { name: str(metadata.name), versions: [] };
    for (const version of objs(item.versions)) {
      const v = str(version.version);
      group.versions.push(v);
      for (const resource of objs(version.resources)) {
        const kind = str(((resource.responseKind ?? {}) as Obj).kind);
        const base: ApiResource = {
          name: str(resource.resource),
          singularName: str(resource.singularResource),
          namespaced: resource.scope === 'Namespaced',
          kind,
          verbs: strs(resource.verbs),
          shortNames: strs(resource.shortNames),
          categories: strs(resource.categories),
          group: group.name,
          version: v,
        };
        out.resources.push(base);
        for (const sub of objs(resource.subresources)) {
          out.resources.push({
            ...base,
            name: `${base.name}/${str(sub.subresource)}`,
            kind: str(((sub.responseKind ?? {}) as Obj).kind),
            verbs: strs(sub.verbs),
            shortNames: [],
            categories: [],
          });
        }
      }
    }
    out.groups.push(group);
  }
}

function fromResourceList(list: Obj, group: string, version: string, out: Discovery): void {
  for (const resource of objs(list.resources)) {
    out.resources.push({
      name: str(resource.name),
      singularName: str(resource.singularName),
      namespaced: resource.namespaced === true,
      kind: str(resource.kind),
      verbs: strs(resource.verbs),
      shortNames: strs(resource.shortNames),
      categories: strs(resource.categories),
      group,
      version,
    });
  }
}

/** Fetches discovery from the server (aggregated when offered, else legacy). */
export async function fetchDiscovery(client: KubeClient, now: number): Promise<Discovery> {
  const out: Discovery = { v: 1, fetchedAt: now, groups: [], resources: [] };
  // client-go's discovery client limits its requests to 32 s unless --request-timeout is set.
  const [core, apis] = await Promise.all([
    client.json<Obj>({ path: '/api', accept: AGGREGATED_ACCEPT, defaultTimeoutNs: 32e9 }),
    client.json<Obj>({ path: '/apis', accept: AGGREGATED_ACCEPT, defaultTimeoutNs: 32e9 }),
  ]);
  const legacy: Array<Promise<void>> = [];
  for (const [doc, isCore] of [
    [core, true],
    [apis, false],
  ] as const) {
    if (doc.kind === 'APIGroupDiscoveryList') {
      fromAggregated(doc, out);
    } else if (isCore) {
      const group: ApiGroup = { name: '', versions: strs(doc.versions) };
      out.groups.push(group);
      for (const version of group.versions) {
        legacy.push(
          client
            .json<Obj>({ path: `/api/${version}` })
            .then((list) => fromResourceList(list, '', version, out)),
        );
      }
    } else {
      for (const g of objs(doc.groups)) {
        const preferred = str(((g.preferredVersion ?? {}) as Obj).version);
        const versions = objs(g.versions).map((v) => str(v.version));
        const ordered = [preferred, ...versions.filter((v) => v !== preferred)].filter(
          (v) => v !== '',
        );
        const group: ApiGroup = { name: str(g.name), versions: ordered };
        out.groups.push(group);
        for (const version of ordered) {
          legacy.push(
            client
              .json<Obj>({ path: `/apis/${group.name}/${version}` })
              .then((list) => fromResourceList(list, group.name, version, out)),
          );
        }
      }
    }
  }
  await Promise.all(legacy);
  // Parallel fetches finish in any order; keep the groups' order (core first) for name priority.
  const rank = new Map<string, number>();
  out.groups.forEach((group, gi) =>
    group.versions.forEach((v, vi) => rank.set(`${group.name}/${v}`, gi * 1000 + vi)),
  );
  out.resources = out.resources
    .map((resource, index) => ({ resource, index }))
    .sort(
      (a, b) =>
        (rank.get(`${a.resource.group}/${a.resource.version}`) ?? 0) -
          (rank.get(`${b.resource.group}/${b.resource.version}`) ?? 0) || a.index - b.index,
    )
    .map(({ resource }) => resource);
  return out;
}

function cacheFile(cacheDir: string, server: string): string {
  return join(cacheDir, 'discovery', cacheKey(server), 'discovery.json');
}

export function readCache(cacheDir: string, server: string, now: number): Discovery | undefined {
  try {
    const parsed = JSON.parse(readRegularFile(cacheFile(cacheDir, server))) as Discovery;
    if (parsed.v !== 1 || !Array.isArray(parsed.resources) || !Array.isArray(parsed.groups))
      return undefined;
    if (!(now - parsed.fetchedAt < DISCOVERY_TTL_MS && now >= parsed.fetchedAt)) return undefined;
    return parsed;
  } catch {
    return undefined; // missing or corrupt: refetch
  }
}

export function writeCache(cacheDir: string, server: string, discovery: Discovery): void {
  const file = cacheFile(cacheDir, server);
  try {
    makeDirs(join(file, '..'));
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(discovery), { mode: 0o600 });
    renameSync(temp, file); // atomic: parallel commands never read half a file
  } catch {
    // A cache that cannot be written only costs time on the next command.
  }
}

/** Discovery for one command: cached, fetched on a miss, refreshable once. */
export class DiscoverySource {
  private current: Discovery | undefined;
  private fresh = false;

  constructor(
    private readonly client: KubeClient,
    private readonly cacheDir: string,
    private readonly now: () => number,
  ) {}

  async get(): Promise<Discovery> {
    if (!this.current) {
      this.current = readCache(this.cacheDir, this.client.server.href, this.now());
      if (!this.current) await this.refresh();
    }
    return this.current as Discovery;
  }

  /** Refetches unless this command already fetched; returns false when nothing new can be learnt. */
  async refresh(): Promise<boolean> {
    if (this.fresh) return false;
    this.current = await fetchDiscovery(this.client, this.now());
    this.fresh = true;
    writeCache(this.cacheDir, this.client.server.href, this.current);
    return true;
  }
}
