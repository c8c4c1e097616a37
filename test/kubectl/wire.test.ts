/**
 * The wire grammar, tabled as the API server's RequestInfo tests are: method + path (+ body)
 * → the kubectl command with the same effect, and the tier the shipped rules give it. A path
 * the grammar cannot read cleanly is never a lower tier than the typed command would be.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, loadRules, shippedRulesDir } from '../../src/classify/index.js';
import { invocationFromRequest, WireError } from '../../src/kubectl/wire.js';

const rules = loadRules({ shippedDir: shippedRulesDir() });

type Row = [
  method: string,
  url: string,
  verb: string,
  tier: number,
  extra?: { body?: string; contentType?: string },
];

const SMP = 'application/strategic-merge-patch+json';
const CM = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });

const TABLE: Row[] = [
  ['GET', '/api/v1/namespaces/payments/pods', 'get', 0],
  ['GET', '/api/v1/pods', 'get', 0],
  ['GET', '/api/v1/namespaces/payments/pods?watch=1', 'get', 0],
  ['GET', '/apis/apps/v1/namespaces/payments/deployments/api', 'get', 0],
  ['GET', '/api/v1/namespaces/payments/pods/x/log?follow=true', 'logs', 0],
  ['GET', '/apis/metrics.k8s.io/v1beta1/namespaces/payments/pods', 'get', 0],
  ['GET', '/apis/metrics.k8s.io/v1beta1/nodes', 'get', 0],
  ['GET', '/apis/metrics.k8s.io/v1beta1/namespaces/payments/secrets', 'get', 4],
  ['GET', '/api/v1/namespaces/payments/secrets', 'get', 3],
  ['GET', '/api/v1/namespaces/payments/secrets/db', 'get', 3],
  ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'auth', 0],
  ['POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', 'auth', 0],
  ['POST', '/api/v1/namespaces/payments/configmaps', 'create', 2, { body: CM }],
  ['PUT', '/api/v1/namespaces/payments/configmaps/a', 'replace', 2, { body: CM }],
  ['PATCH', '/api/v1/namespaces/payments/configmaps/a', 'patch', 2, { body: '{}' }],
  [
    'PATCH',
    '/api/v1/namespaces/payments/configmaps/a',
    'apply',
    2,
    { body: CM, contentType: 'application/apply-patch+yaml' },
  ],
  ['PATCH', '/apis/apps/v1/namespaces/payments/deployments/api/scale', 'scale', 2],
  ['PUT', '/apis/apps/v1/namespaces/payments/deployments/api/status', 'patch', 2],
  ['DELETE', '/api/v1/namespaces/payments/pods/x', 'delete', 3],
  ['DELETE', '/api/v1/namespaces/payments/pods', 'delete', 4],
  ['POST', '/api/v1/namespaces/payments/pods/x/eviction', 'create', 3],
  ['POST', '/api/v1/namespaces/payments/pods/x/exec?command=sh', 'exec', 4],
  ['GET', '/api/v1/namespaces/payments/pods/x/exec?command=sh', 'exec', 4],
  ['GET', '/api/v1/namespaces/payments/pods/x/attach', 'attach', 4],
  ['POST', '/api/v1/namespaces/payments/pods/x/portforward', 'port-forward', 4],
  ['GET', '/api/v1/namespaces/payments/services/x/proxy/admin', 'proxy', 4],
  ['GET', '/api/v1/nodes/n1/proxy/logs', 'proxy', 4],
  ['POST', '/api/v1/namespaces/payments/serviceaccounts/default/token', 'create', 4],
  ['POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'create', 4],
  ['DELETE', '/api/v1/namespaces/payments', 'delete', 4],
  ['POST', '/api/v1/namespaces/kube-system/configmaps', 'create', 4, { body: CM }],
  ['GET', '/apis/example.com/v1/namespaces/x/widgets', 'get', 4],
  ['GET', '/api/v1/namespaces/payments/pods/../secrets', 'get', 4],
  ['GET', '/api/v1/namespaces/payments/pods/a%2Fb', 'get', 4],
  ['PROPFIND', '/api/v1/namespaces/payments/pods', 'propfind', 4],
  [
    'PATCH',
    '/api/v1/nodes/n1',
    'taint',
    3,
    { body: '{"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}}', contentType: SMP },
  ],
  [
    'PATCH',
    '/api/v1/nodes/n1',
    'cordon',
    3,
    { body: '{"spec":{"unschedulable":true}}', contentType: SMP },
  ],
  [
    'PATCH',
    '/api/v1/nodes/n1',
    'uncordon',
    3,
    { body: '{"spec":{"unschedulable":null}}', contentType: SMP },
  ],
  [
    'PATCH',
    '/api/v1/nodes/n1',
    'patch',
    4,
    { body: '{"spec":{"taints":[]},"metadata":{"labels":{"a":"b"}}}', contentType: SMP },
  ],
  ['PATCH', '/api/v1/nodes/n1', 'patch', 4, { body: '{"spec":{"podCIDR":"x"}}', contentType: SMP }],
  ['GET', '/healthz', 'get', 0],
  ['POST', '/healthz', 'create', 4],
  ['GET', '/not/an/api', 'get', 4],
];

describe('wire grammar: method + path → command and tier', () => {
  for (const [method, url, verb, tier, extra] of TABLE) {
    it(`${method} ${url} → ${verb} T${tier}`, () => {
      const [path = '', query = ''] = url.split('?');
      const wire = invocationFromRequest({
        method,
        path,
        query: new URLSearchParams(query),
        ...extra,
      });
      assert.equal(wire.invocation.verb, verb);
      assert.equal(classify(wire.invocation, rules).tier, tier);
    });
  }

  it('discovery and OpenAPI reads are marked, so they are never asked about', () => {
    for (const path of [
      '/api',
      '/api/v1',
      '/apis',
      '/apis/apps/v1',
      '/openapi/v3',
      '/openapi/v3/api/v1',
      '/version',
    ]) {
      assert.equal(
        invocationFromRequest({ method: 'GET', path, query: new URLSearchParams() }).discovery,
        true,
        path,
      );
    }
    assert.equal(
      invocationFromRequest({ method: 'POST', path: '/api', query: new URLSearchParams() })
        .discovery,
      false,
    );
  });

  it('every object of a List body is classified: a RoleBinding hidden among ConfigMaps is T4', () => {
    const body = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        JSON.parse(CM),
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'x' },
        },
      ],
    });
    const wire = invocationFromRequest({
      method: 'POST',
      path: '/api/v1/namespaces/payments/configmaps',
      query: new URLSearchParams(),
      body,
    });
    assert.equal(classify(wire.invocation, rules).tier, 4);
  });

  it('a body that is not JSON or YAML is a WireError (400), never a crash', () => {
    for (const body of ['{"kind":', '- [', 'apiVersion: v1\n']) {
      assert.throws(
        () =>
          invocationFromRequest({
            method: 'POST',
            path: '/api/v1/namespaces/payments/configmaps',
            query: new URLSearchParams(),
            body,
          }),
        WireError,
        body,
      );
    }
  });

  it('dry runs and selectors are carried over', () => {
    const wire = invocationFromRequest({
      method: 'DELETE',
      path: '/api/v1/namespaces/payments/pods/x',
      query: new URLSearchParams('dryRun=All&labelSelector=app%3Dapi'),
    });
    assert.equal(wire.invocation.dryRun, 'server');
    assert.equal(wire.invocation.selector, 'app=api');
  });
});
