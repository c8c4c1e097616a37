/**
 * Agent-supplied kubeconfigs (hostile-agent review): a T0 command with `--kubeconfig` naming a
 * file whose user runs an `exec` credential plugin ran that plugin. iddio runs such a program
 * only from a kubeconfig the invoking user owns and nobody else may write; from any other file
 * it is another user's program, and the command is refused (exit 3, on record) before it runs.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { refuseForeignPrograms } from '../../src/kube/kubeconfig-trust.js';
import type { KubeconfigDoc } from '../../src/kube/kubeconfig.js';
import { EXIT } from '../../src/common/exit-codes.js';
import { runIddio, tempDir } from '../helpers/cli.js';

/** A kubeconfig whose user runs `plugin`, which leaves `marker` behind when it runs. */
function kubeconfig(dir: string, auth: 'exec' | 'auth-provider' | 'token', mode: number): string {
  const marker = join(dir, 'plugin-ran');
  const plugin = join(dir, 'plugin.sh');
  writeFileSync(
    plugin,
    `#!/bin/sh\ntouch '${marker}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'\n`,
    { mode: 0o755 },
  );
  const user =
    auth === 'exec'
      ? `{exec: {apiVersion: client.authentication.k8s.io/v1, command: '${plugin}', interactiveMode: Never}}`
      : auth === 'auth-provider'
        ? `{auth-provider: {name: gcp, config: {cmd-path: '${plugin}', cmd-args: x}}}`
        : '{token: t}';
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
      `users: [{name: u, user: ${user}}]`,
      'contexts: [{name: x, context: {cluster: c, user: u, namespace: payments}}]',
      'current-context: x',
    ].join('\n'),
  );
  chmodSync(path, mode);
  return path;
}

const CASES: Array<{
  name: string;
  auth: 'exec' | 'auth-provider' | 'token';
  mode: number;
  via: 'flag' | 'env';
  refused: boolean;
}> = [
  {
    name: 'exec plugin, own file 0600 (--kubeconfig)',
    auth: 'exec',
    mode: 0o600,
    via: 'flag',
    refused: false,
  },
  { name: 'exec plugin, own file 0644', auth: 'exec', mode: 0o644, via: 'flag', refused: false },
  {
    name: 'exec plugin, world-writable (--kubeconfig)',
    auth: 'exec',
    mode: 0o666,
    via: 'flag',
    refused: true,
  },
  { name: 'exec plugin, group-writable', auth: 'exec', mode: 0o620, via: 'flag', refused: true },
  {
    name: 'exec plugin, world-writable (KUBECONFIG)',
    auth: 'exec',
    mode: 0o646,
    via: 'env',
    refused: true,
  },
  {
    name: 'auth-provider cmd-path, world-writable',
    auth: 'auth-provider',
    mode: 0o666,
    via: 'flag',
    refused: true,
  },
  {
    name: 'a token only, world-writable: no program to run',
    auth: 'token',
    mode: 0o666,
    via: 'flag',
    refused: false,
  },
];

describe('kubeconfig credential programs run only from the user’s own files', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.refused ? 'refused' : 'allowed'}`, async () => {
      const dir = tempDir();
      const home = tempDir();
      const path = kubeconfig(dir, c.auth, c.mode);
      const args = [
        'kubectl',
        'get',
        'pods',
        ...(c.via === 'flag' ? [`--kubeconfig=${path}`] : []),
      ];
      const run = await runIddio(args, {
        env: { IDDIO_HOME: home, ...(c.via === 'env' ? { KUBECONFIG: path } : {}) },
      });
      const decided = readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8');
      if (c.refused) {
        assert.equal(run.code, EXIT.denied, run.stderr);
        assert.match(
          run.stderr,
          /^iddio: refusing the kubeconfig .*runs a credential program, and the file is writable by others\n$/,
        );
        assert.ok(!existsSync(join(dir, 'plugin-ran')), 'the plugin never ran');
        assert.match(decided, /"decision":"deny"/);
      } else {
        assert.notEqual(run.code, EXIT.denied, run.stderr);
        assert.doesNotMatch(run.stderr, /refusing the kubeconfig/);
        // The user's own plugin runs, as kubectl would run it.
        if (c.auth === 'exec') assert.ok(existsSync(join(dir, 'plugin-ran')), run.stderr);
      }
    });
  }

  const doc = (user: Record<string, unknown>): KubeconfigDoc => ({
    clusters: [],
    contexts: [],
    users: [{ name: 'u', user }],
  });
  const TABLE: Array<
    [string, { uid: number; mode: number }, Record<string, unknown>, number, RegExp | undefined]
  > = [
    [
      'exec, owned by another user',
      { uid: 1001, mode: 0o100600 },
      { exec: {} },
      1000,
      /owned by uid 1001/,
    ],
    [
      'exec, root-owned file read by a user',
      { uid: 0, mode: 0o100644 },
      { exec: {} },
      1000,
      /owned by uid 0/,
    ],
    [
      'auth-provider, owned by another user',
      { uid: 1001, mode: 0o100600 },
      { 'auth-provider': {} },
      1000,
      /owned by uid 1001/,
    ],
    ['exec, own, private', { uid: 1000, mode: 0o100600 }, { exec: {} }, 1000, undefined],
    [
      'token, owned by another user',
      { uid: 1001, mode: 0o100666 },
      { token: 't' },
      1000,
      undefined,
    ],
  ];
  for (const [name, stat, user, uid, refused] of TABLE) {
    it(`ownership: ${name}`, () => {
      const check = () => refuseForeignPrograms('/k', stat, doc(user), uid);
      if (refused) assert.throws(check, refused);
      else check();
    });
  }
});
