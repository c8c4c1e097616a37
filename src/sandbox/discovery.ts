/**
 * Discovery documents, built from the resource table: /version, /api, /apis, and one
 * APIResourceList per group-version. The aggregated (apidiscovery.k8s.io/v2) form is served too,
 * because kubectl 1.32 asks for it first and it saves a round trip per group-version.
 */
import { RESOURCES, apiVersionOf, groupVersions, type ResourceDef } from './resources.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.3',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-03-11T00:00:00Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: string, version: string): Record<string, unknown> {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupVersions()
      .filter((gv) => gv.group !== '')
      .map((gv) => groupEntry(gv.group, gv.version)),
  };
}

export function apiGroup(group: string): Record<string, unknown> | undefined {
  const gv = groupVersions().find((g) => g.group === group && group !== '');
  if (!gv) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(gv.group, gv.version) };
}

function resourceEntries(def: ResourceDef): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: def.resource,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.verbs,
  };
  if (def.shortNames) main.shortNames = def.shortNames;
  if (def.categories) main.categories = def.categories;
  const subs = def.subresources.map((sub) => {
    const entry: Record<string, unknown> = {
      name: `${def.resource}/${sub.name}`,
      singularName: '',
      namespaced: def.namespaced,
      kind: sub.kind,
      verbs: sub.verbs,
    };
    if (sub.group !== undefined) entry.group = sub.group;
    if (sub.version !== undefined) entry.version = sub.version;
    return entry;
  });
  return [main, ...subs];
}

export function apiResourceList(
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const defs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (defs.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: defs.flatMap(resourceEntries),
  };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList, for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(core: boolean, apiVersion: string): Record<string, unknown> {
  const gvs = groupVersions().filter((gv) => (gv.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: gvs.map((gv) => ({
      metadata: gv.group === '' ? {} : { name: gv.group },
      versions: [
        {
          version: gv.version,
          freshness: 'Current',
          resources: RESOURCES.filter((r) => r.group === gv.group && r.version === gv.version).map(
            (def) => {
              const entry: Record<string, unknown> = {
                resource: def.resource,
                responseKind: { group: def.group, version: def.version, kind: def.kind },
                scope: def.namespaced ? 'Namespaced' : 'Cluster',
                singularResource: def.singular,
                verbs: def.verbs,
              };
              if (def.shortNames) entry.shortNames = def.shortNames;
              if (def.categories) entry.categories = def.categories;
              if (def.subresources.length > 0) {
                entry.subresources = def.subresources.map((sub) => ({
                  subresource: sub.name,
                  responseKind: {
                    group: sub.group ?? def.group,
                    version: sub.version ?? def.version,
                    kind: sub.kind,
                  },
                  verbs: sub.verbs,
                }));
              }
              return entry;
            },
          ),
        },
      ],
    })),
  };
}
