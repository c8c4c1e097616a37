/**
 * Every flag kubectl 1.32 accepts on a command that reads (or prints local information) is
 * reviewed here: either it is harmless at T0 (and why), or it reveals credentials, runs local
 * programs, writes local files or overrides identity, and an example with it classifies at
 * least at the tier given. The walk goes over kubectl's own flag table (which
 * test/kubectl/flag-table.test.ts checks against the real binary), so a flag kubectl adds
 * fails this test until someone decides about it: nothing new slips in at T0.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { classify } from '../../src/classify/classify.js';
import { loadRules, shippedRulesDir } from '../../src/classify/load.js';
import { COMMAND_FLAGS, GLOBAL_FLAGS } from '../../src/kubectl/flag-table.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { effectOf } from '../../src/kubectl/verbs.js';
import { tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { memoryIo } from './memory-io.js';

/** Flags that raise the tier; the key is `command --flag`, or `--flag` for a global flag. */
const RAISES: Record<string, { argv: string; tier: number; why: string }> = {
  'config view --raw': { argv: 'config view --raw', tier: 3, why: 'prints credentials' },
  'config view --flatten': { argv: 'config view --flatten', tier: 3, why: 'prints credentials' },
  'get --raw': { argv: 'get --raw /api/v1/namespaces/x/secrets', tier: 3, why: 'any API path' },
  'kustomize --load-restrictor': {
    argv: 'kustomize d --load-restrictor=LoadRestrictionsNone',
    tier: 3,
    why: 'reads any local file into the output',
  },
  'cluster-info dump --output-directory': {
    argv: 'cluster-info dump --output-directory=/tmp/d',
    tier: 2,
    why: 'writes local files',
  },
  '--profile': { argv: 'get pods --profile=cpu', tier: 2, why: 'writes a local file' },
  '--profile-output': { argv: 'get pods --profile-output=/tmp/p', tier: 2, why: 'writes a file' },
  '--as': { argv: 'get pods --as=admin', tier: 4, why: 'impersonation' },
  '--as-group': { argv: 'get pods --as-group=system:masters', tier: 4, why: 'impersonation' },
  '--as-uid': { argv: 'get pods --as-uid=1', tier: 4, why: 'impersonation' },
  '--token': { argv: 'get pods --token=t', tier: 4, why: 'credential override' },
  '--username': { argv: 'get pods --username=u', tier: 4, why: 'credential override' },
  '--password': { argv: 'get pods --password=p', tier: 4, why: 'credential override' },
  '--server': { argv: 'get pods --server=https://h', tier: 4, why: 'another server' },
  '--client-certificate': { argv: 'get pods --client-certificate=c', tier: 4, why: 'credential' },
  '--client-key': { argv: 'get pods --client-key=k', tier: 4, why: 'credential' },
  '--insecure-skip-tls-verify': {
    argv: 'get pods --insecure-skip-tls-verify',
    tier: 4,
    why: 'no server verification',
  },
};
for (const flag of [
  'enable-helm',
  'helm-command',
  'enable-alpha-plugins',
  'mount',
  'network',
  'network-name',
  'as-current-user',
]) {
  RAISES[`kustomize --${flag}`] = {
    argv: `kustomize d --${flag}${['helm-command', 'mount', 'network-name'].includes(flag) ? '=x' : ''}`,
    tier: 4,
    why: 'runs local programs',
  };
}

/** Reviewed harmless at T0, by flag name (whichever read command has it), with the reason. */
const HARMLESS: Record<string, string> = {
  // Output shape only.
  output: 'format; Secrets with -o are T3 by secret-reveal',
  template: 'format',
  'allow-missing-template-keys': 'format',
  'show-managed-fields': 'format',
  'no-headers': 'format',
  'label-columns': 'format',
  'show-kind': 'format',
  'show-labels': 'format',
  'show-events': 'format',
  'show-capacity': 'format',
  'sort-by': 'format',
  'server-print': 'format',
  'output-watch-events': 'format',
  'name-only': 'format',
  'use-protocol-buffers': 'wire format',
  timestamps: 'format',
  prefix: 'format',
  quiet: 'format',
  sum: 'format',
  list: 'format (auth can-i --list lists own permissions)',
  // Selection: which objects, within what the classifier and policy already see.
  'all-namespaces': 'widens to every namespace; the event says "*" and policy globs see it',
  namespaces: 'cluster-info dump namespaces; a read',
  selector: 'narrows',
  'field-selector': 'narrows',
  filename: 'objects from manifests, classified per object',
  kustomize: 'objects from a kustomization, classified per object (no plugins without flags)',
  recursive: 'manifest directories',
  all: 'every object of a type, a read',
  'all-containers': 'logs of every container, a read',
  'all-pods': 'logs of every pod, a read',
  container: 'which container, a read',
  containers: 'top per container',
  subresource: 'a subresource; connect subresources are T4 by rule',
  'api-group': 'filter',
  'api-version': 'explain version',
  categories: 'filter',
  namespaced: 'filter',
  verbs: 'filter',
  types: 'events filter',
  for: 'events/wait condition',
  revision: 'rollout history revision',
  client: 'version --client: no server call',
  cached: 'api-resources from cache',
  merge: 'config view merge of kubeconfig files (still redacted)',
  minify: 'config view narrowing',
  'ignore-not-found': 'exit code',
  'ignore-errors': 'logs errors',
  // Streams and limits.
  watch: 'a read that stays open',
  'watch-only': 'a read',
  follow: 'logs -f, a read',
  previous: 'previous container logs',
  since: 'logs window',
  'since-time': 'logs window',
  tail: 'logs window',
  'limit-bytes': 'logs size',
  'max-log-requests': 'logs concurrency',
  'pod-running-timeout': 'wait time',
  timeout: 'wait time',
  'chunk-size': 'paging',
  concurrency: 'diff concurrency',
  'insecure-skip-tls-verify-backend':
    "logs: the API server skips verifying the kubelet's certificate; reveals nothing",
  // diff is a server-side dry run of the manifests; these only shape it.
  'field-manager': 'diff dry run',
  'server-side': 'diff dry run',
  'force-conflicts': 'diff dry run',
  prune: 'diff dry run: shows what prune would delete, deletes nothing',
  'prune-allowlist': 'diff dry run',
  local: 'wait --local: no server call',
  // kustomize: parameters of flags that are raised above.
  env: 'kustomize function env, only with plugins (raised)',
  'helm-api-versions': 'only with --enable-helm (raised)',
  'helm-kube-version': 'only with --enable-helm (raised)',
  'helm-debug': 'only with --enable-helm (raised)',
  // Globals that only choose among the user's own kubeconfig entries or tune the client.
  kubeconfig: 'the local wrapper reads the user’s own kubeconfig (docs/security.md)',
  context: 'a context of that kubeconfig; recorded',
  cluster: 'a cluster of that kubeconfig; recorded',
  user: 'a user of that kubeconfig',
  namespace: 'classified and policy-checked',
  'cache-dir': 'discovery cache; a poisoned cache is refused (docs/security.md)',
  'certificate-authority': 'can only make the connection fail',
  'tls-server-name': 'can only make the connection fail',
  'request-timeout': 'time limit',
  'disable-compression': 'transport',
  'match-server-version': 'version check',
  'warnings-as-errors': 'exit code',
  v: 'log verbosity (iddio prints no tokens)',
  vmodule: 'log verbosity',
  'log-flush-frequency': 'log timing',
};

const flagNames = (spec: string): string[] =>
  spec
    .split(' ')
    .filter(Boolean)
    .map((token) => token.replace(/^.\./, '').replace(/=.*$/, ''));

const rules = loadRules({ shippedDir: shippedRulesDir() });
const tierOf = (argv: string): number =>
  classify(parseKubectlArgv(argv.split(' '), memoryIo('')), rules).tier;

describe('every flag of every read command is reviewed', () => {
  it('kubectl has no flag on a read command that nobody decided about', () => {
    const unreviewed: string[] = [];
    for (const [command, spec] of Object.entries(COMMAND_FLAGS)) {
      const effect = effectOf(command);
      if (effect !== 'read' && effect !== 'none') continue;
      for (const flag of flagNames(spec)) {
        const key = `${command} --${flag}`;
        if (!(key in RAISES) && !(flag in HARMLESS)) unreviewed.push(key);
      }
    }
    for (const flag of flagNames(GLOBAL_FLAGS)) {
      if (!(`--${flag}` in RAISES) && !(flag in HARMLESS)) unreviewed.push(`--${flag}`);
    }
    assert.deepEqual(unreviewed, []);
  });

  for (const [key, raise] of Object.entries(RAISES)) {
    it(`${key} (${raise.why}) is at least T${raise.tier}`, () => {
      assert.ok(raise.argv.includes(`--${key.split('--')[1]}`), 'the example uses the flag');
      assert.ok(tierOf(raise.argv) >= raise.tier, `${raise.argv}: T${tierOf(raise.argv)}`);
    });
  }

  it('the real kubectl: every config view flag that prints the token is at least T3', () => {
    const dir = tempDir();
    const config = join(dir, 'config');
    writeFileSync(
      config,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: u, user: {token: tok-SECRET-123}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
      ].join('\n'),
    );
    const flags = flagNames(COMMAND_FLAGS['config view'] ?? '');
    const values: Record<string, string> = { output: 'json', template: '{{.}}' };
    let revealing = 0;
    for (const flag of flags) {
      const argv = ['config', 'view', values[flag] ? `--${flag}=${values[flag]}` : `--${flag}`];
      const run = spawnSync(kubectlPath(), [...argv, `--kubeconfig=${config}`], {
        encoding: 'utf8',
      });
      if (!run.stdout.includes('tok-SECRET-123')) continue;
      revealing++;
      assert.ok(tierOf(argv.join(' ')) >= 3, `${argv.join(' ')} prints the token at T0`);
    }
    assert.equal(revealing, 2, '--raw and --flatten print it');
  });
});
