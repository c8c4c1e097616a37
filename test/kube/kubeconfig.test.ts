/**
 * Kubeconfig selection: the same files and flags through iddio's selection and through the
 * real kubectl (`config view --minify` shows what kubectl selected), plus malformed files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KubeError } from '../../src/kube/errors.js';
import { loadSelectedConfig, type Overrides } from '../../src/kube/kubeconfig.js';
import { tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

const dir = tempDir('iddio-kubeconfig-');
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const a = file(
  'a.yaml',
  `apiVersion: v1
kind: Config
current-context: ctx-a
clusters:
- name: shared
  cluster: {server: "https://a.example:6443"}
- name: only-a
  cluster: {server: "https://only-a.example"}
users:
- name: shared-user
  user: {token: token-a}
contexts:
- name: ctx-a
  context: {cluster: shared, user: shared-user, namespace: from-a}
- name: both
  context: {cluster: only-a, user: shared-user}
`,
);
const b = file(
  'b.yaml',
  `apiVersion: v1
kind: Config
current-context: ctx-b
clusters:
- name: shared
  cluster: {server: "https://b.example:6443"}
- name: only-b
  cluster: {server: "https://only-b.example", certificate-authority: ca.crt}
users:
- name: shared-user
  user: {token: token-b}
- name: user-b
  user: {token: token-b2}
contexts:
- name: ctx-b
  context: {cluster: only-b, user: user-b}
- name: both
  context: {cluster: shared, user: user-b, namespace: from-b}
`,
);
const noCurrent = file(
  'nocurrent.yaml',
  `apiVersion: v1
kind: Config
clusters: []
contexts: []
users: []
`,
);
const home = tempDir('iddio-kubeconfig-home-');
mkdirSync(join(home, '.kube'));
writeFileSync(
  join(home, '.kube', 'config'),
  `current-context: ctx-a\n` +
    `clusters:\n- name: h\n  cluster: {server: "https://home.example"}\ncontexts:\n- name: ctx-a\n  context: {cluster: h, user: ""}\n`,
);

interface Scenario {
  name: string;
  env: Record<string, string>;
  overrides: Overrides;
}

const scenarios: Scenario[] = [
  {
    name: 'KUBECONFIG a:b — first current-context and first definitions win',
    env: { KUBECONFIG: `${a}:${b}` },
    overrides: {},
  },
  { name: 'KUBECONFIG b:a', env: { KUBECONFIG: `${b}:${a}` }, overrides: {} },
  {
    name: 'KUBECONFIG with a current-context only in the second file',
    env: { KUBECONFIG: `${noCurrent}:${b}` },
    overrides: {},
  },
  {
    name: 'KUBECONFIG with a missing file and an empty entry',
    env: { KUBECONFIG: `${join(dir, 'missing.yaml')}::${a}` },
    overrides: {},
  },
  {
    name: '--context picks a context defined in both files',
    env: { KUBECONFIG: `${b}:${a}` },
    overrides: { context: 'both' },
  },
  {
    name: '--context from the second file',
    env: { KUBECONFIG: `${a}:${b}` },
    overrides: { context: 'ctx-b' },
  },
  { name: '--kubeconfig beats KUBECONFIG', env: { KUBECONFIG: a }, overrides: { kubeconfig: b } },
  { name: '~/.kube/config without KUBECONFIG', env: {}, overrides: {} },
];

const JSONPATH =
  '{.contexts[0].name}|{.clusters[0].name}|{.clusters[0].cluster.server}|{.users[0].name}|{.contexts[0].context.namespace}';

function viaKubectl(scenario: Scenario): string {
  const args = ['config', 'view', '--minify', '-o', `jsonpath=${JSONPATH}`];
  if (scenario.overrides.kubeconfig) args.push('--kubeconfig', scenario.overrides.kubeconfig);
  if (scenario.overrides.context) args.push('--context', scenario.overrides.context);
  if (scenario.overrides.cluster) args.push('--cluster', scenario.overrides.cluster);
  if (scenario.overrides.user) args.push('--user', scenario.overrides.user);
  const result = spawnSync(kubectlPath(), args, {
    env: { HOME: home, ...scenario.env },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('kubeconfig selection matches kubectl', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => {
      const selected = loadSelectedConfig(scenario.overrides, { HOME: home, ...scenario.env });
      const context = selected.doc.contexts[0]?.context as { namespace?: string };
      const cluster = selected.doc.clusters[0]?.cluster as { server?: string };
      const user = selected.userName === 'iddio-anonymous' ? '' : selected.userName;
      // kubectl --minify keeps a namespace only when the context sets one; iddio resolves the default.
      const expected = viaKubectl(scenario).split('|');
      const ns = expected[4] === '' ? 'default' : expected[4];
      assert.deepEqual(
        [selected.contextName, selected.clusterName, cluster.server, user, context.namespace],
        [expected[0], expected[1], expected[2], expected[3], ns],
      );
    });
  }

  // `config view --minify` ignores --cluster/--user, so these two are checked directly (and
  // --user end to end against the sandbox in headers.test.ts).
  it('--cluster and --user override the context parts, keeping the rest', () => {
    const env = { KUBECONFIG: `${a}:${b}` };
    const byCluster = loadSelectedConfig({ cluster: 'only-b' }, env);
    assert.deepEqual(
      [byCluster.contextName, byCluster.clusterName, byCluster.server, byCluster.userName],
      ['ctx-a', 'only-b', 'https://only-b.example', 'shared-user'],
    );
    const byUser = loadSelectedConfig({ user: 'user-b' }, env);
    assert.deepEqual(
      [byUser.clusterName, byUser.userName, (byUser.doc.users[0]?.user as { token: string }).token],
      ['shared', 'user-b', 'token-b2'],
    );
    // the first file's definition of a shared name wins
    assert.equal(
      (loadSelectedConfig({}, env).doc.users[0]?.user as { token: string }).token,
      'token-a',
    );
  });

  it('resolves relative certificate paths against the file that names them', () => {
    const selected = loadSelectedConfig({}, { KUBECONFIG: `${b}:${a}` });
    const cluster = selected.doc.clusters[0]?.cluster as Record<string, string>;
    assert.equal(cluster['certificate-authority'], join(dir, 'ca.crt'));
  });

  it('-n beats the context namespace, which beats "default"', () => {
    const env = { KUBECONFIG: a };
    assert.equal(loadSelectedConfig({}, env).namespace, 'from-a');
    assert.equal(loadSelectedConfig({ namespace: 'x' }, env).namespace, 'x');
    assert.equal(loadSelectedConfig({ namespace: 'x' }, env).explicitNamespace, true);
    assert.equal(loadSelectedConfig({ context: 'both' }, env).namespace, 'default');
  });
});

describe('kubeconfig errors are one kubectl-worded line', () => {
  const cases: Array<[string, Overrides, Record<string, string>, RegExp, string[]]> = [
    [
      'unknown --context',
      { context: 'nope' },
      { KUBECONFIG: a },
      /^Error in configuration: context was not found for specified context: nope$/,
      ['--context', 'nope'],
    ],
    [
      'unknown --cluster',
      { cluster: 'nope' },
      { KUBECONFIG: a },
      /^error: no server found for cluster "nope"$/,
      ['--cluster', 'nope'],
    ],
    [
      'unknown --user',
      { user: 'nope' },
      { KUBECONFIG: a },
      /^error: auth info "nope" does not exist$/,
      ['--user', 'nope'],
    ],
    [
      'missing --kubeconfig',
      { kubeconfig: join(dir, 'nope.yaml') },
      {},
      /^error: stat .*nope\.yaml: no such file or directory$/,
      ['--kubeconfig', join(dir, 'nope.yaml')],
    ],
  ];
  for (const [name, overrides, env, pattern, args] of cases) {
    it(name, () => {
      assert.throws(
        () => loadSelectedConfig(overrides, { HOME: home, ...env }),
        (error: unknown) =>
          error instanceof KubeError && error.code === 'kubeconfig' && pattern.test(error.line),
      );
      const real = spawnSync(kubectlPath(), [...args, 'get', 'pods'], {
        env: { HOME: home, ...env },
        encoding: 'utf8',
      });
      assert.equal(real.status, 1);
      assert.match(real.stderr.trim(), pattern);
    });
  }

  const malformed: Array<[string, string]> = [
    ['broken YAML', 'apiVersion: v1\nclusters:\n- name: [\n'],
    ['a list where a mapping belongs', '- a\n- b\n'],
    ['clusters that are not a list', 'clusters: {name: x}\n'],
    ['an entry without a name', 'contexts:\n- context: {cluster: x}\n'],
  ];
  for (const [name, text] of malformed) {
    it(`malformed file: ${name}`, () => {
      const path = file(`bad-${name.replace(/\W+/g, '-')}.yaml`, text);
      assert.throws(
        () => loadSelectedConfig({ kubeconfig: path }, {}),
        (error: unknown) =>
          error instanceof KubeError &&
          error.code === 'kubeconfig' &&
          error.line.startsWith(`error: error loading config file "${path}": `) &&
          !error.line.includes('\n'),
      );
    });
  }
});
