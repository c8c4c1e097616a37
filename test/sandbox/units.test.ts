import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditIdFor } from '../../src/sandbox/audit.js';
import { authenticate, makeCredentials } from '../../src/sandbox/auth.js';
import { apiResourceList } from '../../src/sandbox/discovery.js';
import { hashSuffix, stableJson, templateHash } from '../../src/sandbox/names.js';
import { RESOURCES, groupVersions } from '../../src/sandbox/resources.js';
import { aggregatedDiscoveryVersion, tableVersion } from '../../src/sandbox/server/negotiate.js';
import { requestInfo } from '../../src/kubectl/request-info.js';

const q = (s = '') => new URLSearchParams(s);

describe('request info', () => {
  const cases: [string, string, string, Record<string, unknown>][] = [
    [
      'GET',
      '/api/v1/namespaces/ns/pods',
      '',
      { verb: 'list', resource: 'pods', namespace: 'ns', name: undefined },
    ],
    ['GET', '/api/v1/namespaces/ns/pods/p/log', '', { verb: 'get', name: 'p', subresource: 'log' }],
    ['GET', '/api/v1/pods', 'watch=true', { verb: 'watch', namespace: undefined }],
    [
      'GET',
      '/api/v1/watch/namespaces/ns/pods/p',
      '',
      { verb: 'watch', name: 'p', namespace: 'ns' },
    ],
    [
      'GET',
      '/api/v1/namespaces/ns',
      '',
      { verb: 'get', resource: 'namespaces', name: 'ns', namespace: undefined },
    ],
    [
      'PUT',
      '/api/v1/namespaces/ns/finalize',
      '',
      { verb: 'update', resource: 'namespaces', name: 'ns', subresource: 'finalize' },
    ],
    [
      'DELETE',
      '/apis/apps/v1/namespaces/ns/deployments',
      '',
      { verb: 'deletecollection', group: 'apps' },
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/ns/deployments/d/scale',
      '',
      { verb: 'patch', subresource: 'scale' },
    ],
    [
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      '',
      { verb: 'create', namespace: undefined },
    ],
    ['GET', '/api/v1/namespaces/ns/pods/a%2Fb', '', { name: 'a/b' }],
  ];
  for (const [method, path, query, expected] of cases) {
    it(`${method} ${path}${query ? `?${query}` : ''}`, () => {
      const info = requestInfo(method, path, q(query));
      assert.equal(info.isResource, true);
      for (const [key, value] of Object.entries(expected))
        assert.equal(info[key as keyof typeof info], value, key);
    });
  }

  it('treats discovery and other paths as non-resource requests', () => {
    for (const path of [
      '/api',
      '/api/v1',
      '/apis',
      '/apis/apps',
      '/apis/apps/v1',
      '/version',
      '/openapi/v3',
    ]) {
      assert.equal(requestInfo('GET', path, q()).isResource, false, path);
    }
  });
});

describe('resource table', () => {
  it('has unique resources, kinds and short names', () => {
    const seen = new Set<string>();
    const shortNames = new Set<string>();
    for (const r of RESOURCES) {
      const key = `${r.group}/${r.version}/${r.resource}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
      for (const s of r.shortNames ?? []) {
        assert.ok(!shortNames.has(s), s);
        shortNames.add(s);
      }
      assert.equal(r.resource, r.resource.toLowerCase());
    }
    assert.equal(new Set(groupVersions().map((g) => g.group)).size, groupVersions().length);
  });

  it('lists subresources in discovery after their resource', () => {
    const names = (apiResourceList('apps', 'v1')?.resources as { name: string }[]).map(
      (r) => r.name,
    );
    assert.ok(names.indexOf('deployments/scale') > names.indexOf('deployments'));
    assert.equal(apiResourceList('nope', 'v1'), undefined);
  });
});

describe('names and negotiation', () => {
  it('derives stable names from hashes', () => {
    assert.equal(hashSuffix('x', 5), hashSuffix('x', 5));
    assert.notEqual(hashSuffix('x', 5), hashSuffix('y', 5));
    assert.match(hashSuffix('anything', 10), /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    assert.equal(stableJson({ b: 1, a: [2, { d: 1, c: 2 }] }), '{"a":[2,{"c":2,"d":1}],"b":1}');
    assert.equal(templateHash({ a: 1, b: 2 }), templateHash({ b: 2, a: 1 }));
  });

  it('reads what kubectl puts in Accept', () => {
    assert.equal(
      tableVersion('application/json;as=Table;v=v1;g=meta.k8s.io,application/json'),
      'v1',
    );
    assert.equal(tableVersion('application/json'), undefined);
    assert.equal(
      aggregatedDiscoveryVersion(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      ),
      'v2',
    );
  });

  it('takes a valid Audit-ID and replaces an invalid one', () => {
    assert.equal(auditIdFor('idd-01jd5f3kq0-1'), 'idd-01jd5f3kq0-1');
    for (const bad of ['has space', 'under_score', '', 'x'.repeat(257)])
      assert.notEqual(auditIdFor(bad), bad);
    assert.match(auditIdFor(undefined), /^[0-9a-f-]{36}$/);
  });

  it('authenticates bearer tokens exactly', () => {
    const { admin, viewer } = makeCredentials();
    const creds = [admin, viewer];
    assert.equal(authenticate(`Bearer ${admin.token}`, creds)?.username, 'sandbox-admin');
    assert.equal(authenticate(`bearer ${viewer.token}`, creds)?.username, 'sandbox-viewer');
    assert.equal(authenticate(`Bearer ${admin.token}x`, creds), undefined);
    assert.equal(authenticate(`Basic ${admin.token}`, creds), undefined);
    assert.equal(authenticate(undefined, creds), undefined);
  });
});
