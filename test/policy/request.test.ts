/** The Invocation → DecisionRequest adapter: which namespaces a request touches. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Classification } from '../../src/classify/types.js';
import type { Invocation, ManifestObject, Target } from '../../src/kubectl/invocation.js';
import { decide } from '../../src/policy/engine.js';
import { parsePolicy } from '../../src/policy/load.js';
import { decisionRequestFrom } from '../../src/policy/request.js';

function invocation(over: Partial<Invocation>): Invocation {
  return {
    argv: [],
    verb: 'get',
    verbKnown: true,
    args: [],
    targets: [],
    allNamespaces: false,
    all: false,
    filenames: [],
    recursive: false,
    manifests: [],
    unreadable: [],
    asGroup: [],
    insecureSkipTlsVerify: false,
    command: [],
    flags: {},
    flagsSet: [],
    help: false,
    ...over,
  };
}

function target(
  resource: string,
  namespaced: boolean | undefined,
  extra: Partial<Target> = {},
): Target {
  return {
    resource,
    group: '',
    names: [],
    known: namespaced !== undefined,
    typed: resource,
    ...(namespaced === undefined ? {} : { namespaced }),
    ...extra,
  };
}

function manifest(
  kind: string,
  resource: string,
  namespaced: boolean,
  namespace?: string,
): ManifestObject {
  return {
    apiVersion: 'v1',
    kind,
    group: '',
    version: 'v1',
    resource,
    namespaced,
    known: true,
    source: 'f.yaml',
    ...(namespace ? { namespace } : {}),
  };
}

const T2: Classification = { tier: 2, tier_label: 'modify', rule: 'r', reasons: [] };
const who = { agent: 'claude-code', identity: 'detected' as const };

function touched(
  inv: Invocation,
  defaultNamespace = 'default',
): { namespaces: string[]; clusterScoped: boolean } {
  const { namespaces, clusterScoped } = decisionRequestFrom(inv, T2, who, defaultNamespace);
  return { namespaces: [...namespaces].sort(), clusterScoped };
}

test('a namespaced target uses -n, else the context namespace', () => {
  assert.deepEqual(touched(invocation({ targets: [target('pods', true)], namespace: 'dev-1' })), {
    namespaces: ['dev-1'],
    clusterScoped: false,
  });
  assert.deepEqual(touched(invocation({ targets: [target('pods', true)] }), 'staging'), {
    namespaces: ['staging'],
    clusterScoped: false,
  });
});

test('-A touches all namespaces', () => {
  assert.deepEqual(touched(invocation({ targets: [target('pods', true)], allNamespaces: true })), {
    namespaces: ['*'],
    clusterScoped: false,
  });
});

test('a cluster-scoped target touches no namespace unless -n is given explicitly', () => {
  assert.deepEqual(touched(invocation({ targets: [target('nodes', false)] })), {
    namespaces: [],
    clusterScoped: true,
  });
  assert.deepEqual(touched(invocation({ targets: [target('nodes', false)], namespace: 'x' })), {
    namespaces: ['x'],
    clusterScoped: true,
  });
});

test('an unknown resource counts as both namespaced and cluster-scoped', () => {
  assert.deepEqual(touched(invocation({ targets: [target('widgets', undefined)] }), 'dev-1'), {
    namespaces: ['dev-1'],
    clusterScoped: true,
  });
});

test('manifest objects use their own namespace, then -n, then the context namespace', () => {
  const inv = invocation({
    verb: 'apply',
    manifests: [
      manifest('ConfigMap', 'configmaps', true, 'prod'),
      manifest('Secret', 'secrets', true),
      manifest('Namespace', 'namespaces', false),
    ],
  });
  assert.deepEqual(touched(inv, 'dev-1'), { namespaces: ['dev-1', 'prod'], clusterScoped: true });
  assert.deepEqual(touched({ ...inv, namespace: 'staging' }), {
    namespaces: ['prod', 'staging'],
    clusterScoped: true,
  });
});

test('raw paths name their namespace', () => {
  assert.deepEqual(touched(invocation({ raw: '/api/v1/namespaces/prod/pods' })), {
    namespaces: ['prod'],
    clusterScoped: false,
  });
  assert.deepEqual(touched(invocation({ raw: '/apis/apps/v1/namespaces/dev-1/deployments/x' })), {
    namespaces: ['dev-1'],
    clusterScoped: false,
  });
  assert.deepEqual(touched(invocation({ raw: '/metrics' })), {
    namespaces: [],
    clusterScoped: true,
  });
});

test('commands without resources: cluster-level verbs touch nothing, others act in the effective namespace', () => {
  assert.deepEqual(touched(invocation({ verb: 'version' })), {
    namespaces: [],
    clusterScoped: true,
  });
  assert.deepEqual(touched(invocation({ verb: 'config', subverb: 'view' })), {
    namespaces: [],
    clusterScoped: true,
  });
  assert.deepEqual(touched(invocation({ verb: 'events' }), 'prod'), {
    namespaces: ['prod'],
    clusterScoped: false,
  });
  assert.deepEqual(touched(invocation({ verb: 'events', allNamespaces: true })), {
    namespaces: ['*'],
    clusterScoped: false,
  });
  assert.deepEqual(touched(invocation({ verb: 'frob', verbKnown: false })), {
    namespaces: [],
    clusterScoped: true,
  });
});

test('resources, verb and subverb are carried over for runbook matching', () => {
  const inv = invocation({
    verb: 'rollout',
    subverb: 'restart',
    targets: [target('deployments', true, { group: 'apps' })],
    namespace: 'dev-1',
  });
  const request = decisionRequestFrom(inv, T2, who, 'default');
  assert.deepEqual(request, {
    agent: 'claude-code',
    identity: 'detected',
    tier: 2,
    verb: 'rollout',
    subverb: 'restart',
    resources: [{ resource: 'deployments', group: 'apps' }],
    namespaces: ['dev-1'],
    clusterScoped: false,
  });
  const policy = parsePolicy(
    'version: 1\nagents:\n  claude-code:\n    namespaces: ["dev-*"]\n    runbooks: [r]\nrunbooks:\n  r: [{ verbs: ["rollout restart"], resources: [deployments.apps] }]\n',
    'p.yaml',
  );
  assert.deepEqual([decide(request, policy).decision, decide(request, policy).tier], ['allow', 1]);
  // The same command in the context's namespace, outside the agent's globs, is denied.
  const elsewhere = decisionRequestFrom({ ...inv, namespace: undefined }, T2, who, 'default');
  assert.equal(decide(elsewhere, policy).decision, 'deny');
});

test('a --subresource flag or an Eviction manifest is carried as a subresource', () => {
  const patch = invocation({
    verb: 'patch',
    targets: [target('deployments', true, { group: 'apps' })],
    subresourceFlag: 'status',
  });
  assert.deepEqual(decisionRequestFrom(patch, T2, who, 'dev-1').resources, [
    { resource: 'deployments', group: 'apps', subresource: 'status' },
  ]);
  const eviction: ManifestObject = {
    ...manifest('Eviction', 'pods', true, 'dev-1'),
    group: 'policy',
    subresource: 'eviction',
  };
  const create = invocation({ verb: 'create', manifests: [eviction] });
  assert.deepEqual(decisionRequestFrom(create, T2, who, 'dev-1').resources, [
    { resource: 'pods', group: 'policy', subresource: 'eviction' },
  ]);
});
