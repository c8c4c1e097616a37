/**
 * Discovery: the per-cluster cache and its 6-hour TTL (kubectl's), one refresh when a name is
 * unknown (so a CRD created after the cache was written is found), both discovery formats,
 * and name resolution (short names, kinds, group-qualified names, categories).
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { cacheKey, DISCOVERY_TTL_MS, type Discovery } from '../../src/kube/discovery.js';
import { candidates, findResource } from '../../src/kube/resolve.js';
import { tempDir } from '../helpers/cli.js';
import { runExecutor } from './helpers.js';

const podResource = {
  name: 'pods',
  singularName: 'pod',
  namespaced: true,
  kind: 'Pod',
  verbs: ['get', 'list'],
  shortNames: ['po'],
  categories: ['all'],
};
const widgetResource = {
  name: 'widgets',
  singularName: 'widget',
  namespaced: true,
  kind: 'Widget',
  verbs: ['get', 'list'],
  shortNames: ['wdg'],
  categories: ['all'],
};

/** A fake API server whose discovery can grow a CRD and switch format between requests. */
class FakeApi {
  server: Server;
  paths: string[] = [];
  withWidgets = false;
  aggregated = false;

  constructor() {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      this.paths.push(path);
      res.setHeader('Content-Type', 'application/json');
      const send = (body: unknown): void => void res.end(JSON.stringify(body));
      const aggregatedOk =
        this.aggregated && (req.headers.accept ?? '').includes('as=APIGroupDiscoveryList');
      const table = {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        columnDefinitions: [{ name: 'Name', type: 'string', format: 'name' }],
        rows: [{ cells: ['w1'], object: { metadata: { name: 'w1' } } }],
      };
      if (path === '/api') {
        if (aggregatedOk) {
          return send({
            kind: 'APIGroupDiscoveryList',
            items: [
              {
                metadata: { name: '' },
                versions: [
                  {
                    version: 'v1',
                    resources: [
                      {
                        resource: 'pods',
                        responseKind: { kind: 'Pod' },
                        scope: 'Namespaced',
                        singularResource: 'pod',
                        verbs: ['get', 'list'],
                        shortNames: ['po'],
                        categories: ['all'],
                      },
                    ],
                  },
                ],
              },
            ],
          });
        }
        return send({ kind: 'APIVersions', versions: ['v1'] });
      }
      if (path === '/apis') {
        if (aggregatedOk) {
          const items = this.withWidgets
            ? [
                {
                  metadata: { name: 'example.com' },
                  versions: [
                    {
                      version: 'v1',
                      resources: [
                        {
                          resource: 'widgets',
                          responseKind: { kind: 'Widget' },
                          scope: 'Namespaced',
                          singularResource: 'widget',
                          verbs: ['get', 'list'],
                          shortNames: ['wdg'],
                        },
                      ],
                    },
                  ],
                },
              ]
            : [];
          return send({ kind: 'APIGroupDiscoveryList', items });
        }
        const groups = this.withWidgets
          ? [
              {
                name: 'example.com',
                versions: [{ groupVersion: 'example.com/v1', version: 'v1' }],
                preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
              },
            ]
          : [];
        return send({ kind: 'APIGroupList', groups });
      }
      if (path === '/api/v1')
        return send({ kind: 'APIResourceList', groupVersion: 'v1', resources: [podResource] });
      if (path === '/apis/example.com/v1')
        return send({
          kind: 'APIResourceList',
          groupVersion: 'example.com/v1',
          resources: [widgetResource],
        });
      if (
        path === '/api/v1/namespaces/default/pods' ||
        path === '/apis/example.com/v1/namespaces/default/widgets'
      )
        return send(table);
      res.statusCode = 404;
      return send({
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
        code: 404,
      });
    });
  }

  get discoveryCount(): number {
    return this.paths.filter((p) => p === '/api' || p === '/apis').length;
  }
}

describe('discovery cache and refresh', () => {
  const api = new FakeApi();
  let kubeconfig: string;
  let url: string;

  before(async () => {
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    const dir = tempDir('iddio-discovery-');
    kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      `clusters: [{name: c, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]\ncontexts: [{name: c, context: {cluster: c}}]\ncurrent-context: c\n`,
    );
  });
  after(() => api.server.close());

  const run = (argv: string[], cacheDir: string, now: number) =>
    runExecutor(argv, {
      requestId: newRequestId(),
      cacheDir,
      env: { KUBECONFIG: kubeconfig, HOME: cacheDir },
      now: () => now,
    });

  it('caches per cluster for 6 hours, then refetches', async () => {
    const cacheDir = tempDir('iddio-discovery-cache-');
    const t0 = Date.UTC(2026, 0, 1);
    api.paths = [];
    assert.equal((await run(['get', 'pods'], cacheDir, t0)).exitCode, 0);
    assert.equal(api.discoveryCount, 2);
    assert.deepEqual(readdirSync(join(cacheDir, 'discovery')), [cacheKey(`${url}/`)]);
    const warm = await run(['get', 'po'], cacheDir, t0 + DISCOVERY_TTL_MS - 1);
    assert.equal(warm.exitCode, 0);
    assert.equal(api.discoveryCount, 2, 'a warm cache makes no discovery request');
    assert.equal(warm.apiRequests.length, 1);
    await run(['get', 'pods'], cacheDir, t0 + DISCOVERY_TTL_MS);
    assert.equal(api.discoveryCount, 4, 'an expired cache is refetched');
  });

  it('a name the cache does not know triggers exactly one refresh (a new CRD is found)', async () => {
    for (const aggregated of [false, true]) {
      api.aggregated = aggregated;
      api.withWidgets = false;
      const cacheDir = tempDir('iddio-discovery-cache-');
      const now = Date.UTC(2026, 0, 1);
      await run(['get', 'pods'], cacheDir, now);
      api.withWidgets = true; // the CRD is installed after the cache was written
      api.paths = [];
      const result = await run(['get', 'wdg'], cacheDir, now + 1000);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(result.stdout, 'NAME\nw1\n');
      assert.equal(api.discoveryCount, 2);
      api.paths = [];
      const unknown = await run(['get', 'gadgets'], cacheDir, now + 2000);
      assert.equal(unknown.exitCode, 1);
      assert.equal(unknown.stderr, 'error: the server doesn\'t have a resource type "gadgets"\n');
      assert.equal(api.discoveryCount, 2, 'one refresh, then the error');
    }
  });

  it('a corrupt cache file is ignored and rewritten', async () => {
    api.aggregated = false;
    const cacheDir = tempDir('iddio-discovery-cache-');
    const now = Date.UTC(2026, 0, 1);
    await run(['get', 'pods'], cacheDir, now);
    const file = join(cacheDir, 'discovery', cacheKey(`${url}/`), 'discovery.json');
    writeFileSync(file, '{"v":1,"fetchedAt":');
    api.paths = [];
    assert.equal((await run(['get', 'pods'], cacheDir, now + 1)).exitCode, 0);
    assert.equal(api.discoveryCount, 2);
    api.paths = [];
    await run(['get', 'pods'], cacheDir, now + 2);
    assert.equal(api.discoveryCount, 0);
  });
});

describe('resource name resolution', () => {
  const r = (
    name: string,
    group: string,
    version: string,
    kind: string,
    shortNames: string[] = [],
  ) => ({
    name,
    singularName: kind.toLowerCase(),
    namespaced: true,
    kind,
    verbs: ['get'],
    shortNames,
    categories: [],
    group,
    version,
  });
  const discovery: Discovery = {
    v: 1,
    fetchedAt: 0,
    groups: [
      { name: '', versions: ['v1'] },
      { name: 'apps', versions: ['v1'] },
      { name: 'events.k8s.io', versions: ['v1'] },
    ],
    resources: [
      r('events', '', 'v1', 'Event', ['ev']),
      r('pods', '', 'v1', 'Pod', ['po']),
      r('pods/log', '', 'v1', 'Pod'),
      r('deployments', 'apps', 'v1', 'Deployment', ['deploy']),
      r('events', 'events.k8s.io', 'v1', 'Event', ['ev']),
    ],
  };
  const cases: Array<[string, string | undefined]> = [
    ['pods', '/pods'],
    ['pod', '/pods'],
    ['po', '/pods'],
    ['Pod', '/pods'],
    ['PODS', '/pods'],
    ['deploy', 'apps/deployments'],
    ['Deployment', 'apps/deployments'],
    ['deployments.apps', 'apps/deployments'],
    ['deployment.v1.apps', 'apps/deployments'],
    ['deploy.apps', 'apps/deployments'],
    ['deployments.v2.apps', undefined],
    ['events', '/events'], // the core group wins, as in kubectl's priority mapper
    ['events.events.k8s.io', 'events.k8s.io/events'],
    ['log', undefined], // subresources are not resource types
    ['widgets', undefined],
  ];
  for (const [typed, expected] of cases) {
    it(`${typed} → ${expected ?? 'unknown'}`, () => {
      const found = findResource(discovery, { resource: typed });
      assert.equal(found ? `${found.group}/${found.name}` : undefined, expected);
    });
  }

  it('a dotted name is read as resource.version.group, then resource.group', () => {
    assert.deepEqual(candidates({ resource: 'a.b.c' }), [
      { name: 'a', version: 'b', group: 'c' },
      { name: 'a', group: 'b.c' },
    ]);
  });
});
