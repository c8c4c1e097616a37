import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { UsageError } from '../../src/common/errors.js';
import { KubectlUsageError } from '../../src/kubectl/argv.js';
import { emptyIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { kubectlPath } from '../helpers/kubectl.js';

const parse = (line: string | string[]) =>
  parseKubectlArgv(Array.isArray(line) ? line : line.split(' '), emptyIo);

test('every namespace spelling means the same namespace', () => {
  for (const line of [
    'get pods -n payments',
    'get pods -npayments',
    'get pods -n=payments',
    'get pods --namespace payments',
    'get pods --namespace=payments',
    '-n payments get pods',
    '--namespace=payments get pods',
    'get -n payments pods',
  ]) {
    const inv = parse(line);
    assert.equal(inv.namespace, 'payments', line);
    assert.equal(inv.verb, 'get', line);
    assert.deepEqual(
      inv.targets.map((t) => t.resource),
      ['pods'],
      line,
    );
  }
});

test('the last of repeated scalar flags wins; repeatable flags keep every value', () => {
  const inv = parse('get pods -n a -n b --as-group g1 --as-group=g2');
  assert.equal(inv.namespace, 'b');
  assert.deepEqual(inv.flags.namespace, ['a', 'b']);
  assert.deepEqual(inv.asGroup, ['g1', 'g2']);
});

test('a value flag takes the next word even when it looks like a flag', () => {
  const inv = parse('get pods -n -A');
  assert.equal(inv.namespace, '-A');
  assert.equal(inv.allNamespaces, false);
});

test('short boolean bundles, and a bundle ending in a value flag', () => {
  const inv = parse('exec -itn kube-system etcd-0 -- sh -c ls');
  assert.equal(inv.flags.stdin?.[0], 'true');
  assert.equal(inv.flags.tty?.[0], 'true');
  assert.equal(inv.namespace, 'kube-system');
  assert.deepEqual(inv.command, ['sh', '-c', 'ls']);
  assert.deepEqual(inv.targets[0]?.names, ['etcd-0']);
  assert.equal(inv.targets[0]?.subresource, 'exec');
});

test('boolean flags accept Go booleans and =false turns them off', () => {
  assert.equal(parse('get pods --all-namespaces=T').allNamespaces, true);
  assert.equal(parse('get pods -A=0').allNamespaces, false);
  assert.equal(parse('get pods --all-namespaces=False').allNamespaces, false);
  assert.ok(!parse('run x --image=i --stdin=false').flagsSet.includes('stdin'));
});

test('optional-value flags: --dry-run alone is client, --cascade alone is background', () => {
  assert.equal(parse('delete pod x --dry-run').dryRun, 'client');
  assert.equal(parse('delete pod x --dry-run=server').dryRun, 'server');
  assert.equal(parse('delete pod x --dry-run=none').dryRun, 'none');
  assert.deepEqual(parse('delete pod x --cascade').flags.cascade, ['background']);
  // The optional value never takes the next word.
  assert.deepEqual(parse('delete --dry-run pod x').targets[0]?.names, ['x']);
});

test('after --, words are arguments: the container command, or positionals for other verbs', () => {
  const exec = parse(['exec', 'p', '--', 'kubectl', 'delete', 'ns', '--all']);
  assert.deepEqual(exec.command, ['kubectl', 'delete', 'ns', '--all']);
  assert.equal(exec.all, false);
  const del = parse(['delete', '--', 'pods', '-A']);
  assert.equal(del.allNamespaces, false);
  assert.deepEqual(del.targets[0]?.names, ['-A']);
});

test('a command flag shadows the global flag of the same name', () => {
  const binding = parse('create rolebinding rb --role=r --user=bob');
  assert.equal(binding.user, undefined);
  assert.deepEqual(binding.flags.user, ['bob']);
  const creds = parse('config set-credentials bot --token=t');
  assert.equal(creds.token, undefined);
  assert.equal(parse('get pods --token=t').token, 't');
  assert.equal(parse('config set-context --current --namespace=x').namespace, undefined);
});

test('credential and impersonation globals are parsed into the invocation', () => {
  const inv = parse(
    'get pods --token=t --server=https://s --username=u --password=p --as=a --as-uid=1 --insecure-skip-tls-verify --client-key=k --client-certificate=c --kubeconfig=kc --context=ctx --cluster=cl --user=us',
  );
  assert.deepEqual(
    [inv.token, inv.server, inv.username, inv.password, inv.as, inv.asUid, inv.clientKey],
    ['t', 'https://s', 'u', 'p', 'a', '1', 'k'],
  );
  assert.equal(inv.insecureSkipTlsVerify, true);
  assert.deepEqual([inv.kubeconfig, inv.context, inv.cluster, inv.user], ['kc', 'ctx', 'cl', 'us']);
  assert.equal(parse('get pods -s https://x').server, 'https://x');
});

test('resource spellings resolve to one resource and group', () => {
  const cases: [string, string, string][] = [
    ['po', 'pods', ''],
    ['Pod', 'pods', ''],
    ['deploy', 'deployments', 'apps'],
    ['deployment.apps', 'deployments', 'apps'],
    ['deployments.v1.apps', 'deployments', 'apps'],
    ['Deployment.v1.apps', 'deployments', 'apps'],
    ['svc', 'services', ''],
    ['ns', 'namespaces', ''],
    ['crd', 'customresourcedefinitions', 'apiextensions.k8s.io'],
    ['clusterrole.rbac.authorization.k8s.io', 'clusterroles', 'rbac.authorization.k8s.io'],
    ['hpa', 'horizontalpodautoscalers', 'autoscaling'],
    ['ev', 'events', ''],
    ['events.events.k8s.io', 'events', 'events.k8s.io'],
  ];
  for (const [typed, resource, group] of cases) {
    const [t] = parse(['get', typed]).targets;
    assert.deepEqual([t?.resource, t?.group, t?.known], [resource, group, true], typed);
  }
  const [unknown] = parse('get widgets.example.com').targets;
  assert.deepEqual(
    [unknown?.resource, unknown?.group, unknown?.known],
    ['widgets', 'example.com', false],
  );
});

test('type/name forms, comma lists and categories', () => {
  const inv = parse('get pod/a pod/b deploy/c');
  assert.deepEqual(
    inv.targets.map((t) => `${t.resource}:${t.names.join('+')}`),
    ['pods:a+b', 'deployments:c'],
  );
  const list = parse('get pods,svc x y');
  assert.deepEqual(
    list.targets.map((t) => `${t.resource}:${t.names.join('+')}`),
    ['pods:x+y', 'services:x+y'],
  );
  assert.ok(parse('get all').targets.length >= 8);
});

test('subcommands and their aliases', () => {
  const cases: [string, string, string | undefined, string | undefined][] = [
    ['create ns x', 'create', 'namespace', undefined],
    ['create secret generic x', 'create', 'secret', 'generic'],
    ['top po', 'top', 'pod', undefined],
    ['set sa deploy x y', 'set', 'serviceaccount', undefined],
    ['config use prod', 'config', 'use-context', undefined],
    ['-n x rollout -n y restart deploy/z', 'rollout', 'restart', undefined],
    ['apply view-last-applied deploy/x', 'apply', 'view-last-applied', undefined],
  ];
  for (const [line, verb, sub, subsub] of cases) {
    const inv = parse(line);
    assert.deepEqual([inv.verb, inv.subverb, inv.subsubverb], [verb, sub, subsub], line);
  }
});

test('an unknown first word is a plugin; its arguments are not parsed', () => {
  const inv = parse('frob --whatever -x pods');
  assert.equal(inv.verb, 'frob');
  assert.equal(inv.verbKnown, false);
  assert.deepEqual(inv.pluginArgs, ['--whatever', '-x', 'pods']);
});

test('raw paths become targets with their namespace', () => {
  const inv = parse('get --raw /api/v1/namespaces/payments/pods/api-1/log');
  assert.equal(inv.namespace, 'payments');
  assert.deepEqual(
    [inv.targets[0]?.resource, inv.targets[0]?.names, inv.targets[0]?.subresource],
    ['pods', ['api-1'], 'log'],
  );
});

test('-f values are split on commas, in order', () => {
  assert.throws(() => parse('apply -f a.yaml,b.yaml'), /the path "a.yaml" does not exist/);
});

// kubectl's own wording for the errors it reports before contacting a cluster.
const ORACLE = [
  'get pods --bogus',
  'get -x pods',
  'get pods -n',
  'get pods -An',
  'get pods -in foo',
  'exec -it pod --stdin=maybe',
  'get pods --raw',
  'get ---x',
  'rollout frob',
  '-n x frob',
  'delete pods -Ay',
  'get pods --as',
];

test('usage errors use kubectl 1.32.3 wording (checked against the real binary)', () => {
  const kubectl = kubectlPath();
  for (const line of ORACLE) {
    const real = spawnSync(kubectl, line.split(' '), {
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' },
    });
    const first = (real.stderr.split('\n')[0] ?? '').replace(/^(error|Error): /, '');
    assert.throws(
      () => parse(line),
      (error: unknown) => error instanceof KubectlUsageError && error.message === first,
      `${line}: kubectl says "${first}"`,
    );
  }
});

test('every usage error is a UsageError with exit code 2', () => {
  try {
    parse('get pods --bogus');
    assert.fail('no error');
  } catch (error) {
    assert.ok(error instanceof UsageError);
    assert.equal(error.exitCode, 2);
    assert.equal(error.code, 'kubectl-usage');
  }
});

test('names and namespaces that would navigate the API path are usage errors', () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ['delete', 'pod', '..', '-n', 'payments'],
      /invalid resource name "\.\.": \[may not be '\.\.'\]/,
    ],
    [['get', 'pod', '.'], /invalid resource name "\.": \[may not be '\.'\]/],
    [
      ['label', 'pods', '--all', '-n', '..', 'x=y'],
      /invalid namespace "\.\.": \[may not be '\.\.'\]/,
    ],
    [['get', 'pods/a%2f..'], /invalid resource name "a%2f\.\.": \[may not contain '%'\]/],
    [['delete', 'pods', 'a/b/c'], /may not have more than one slash/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseKubectlArgv(argv, emptyIo),
      (error: Error) => {
        assert.ok(error instanceof KubectlUsageError, argv.join(' '));
        assert.match(error.message, message);
        return true;
      },
    );
  }
});
