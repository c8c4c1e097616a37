/**
 * Credentials in argv (hostile-agent review): URL userinfo anywhere, and every `config set` of a
 * credential field in every spelling, never reach the audit log in clear. Each row runs through
 * redactArgv and then through the real binary, whose whole audit log is searched for the secret.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REDACTED, redactArgv } from '../../src/kubectl/index.js';
import { runIddio, tempDir } from '../helpers/cli.js';

const S = 's3cr3tV4lue';

const CASES: string[][] = [
  ['get', 'pods', `--server=https://admin:${S}@10.0.0.1:6443`],
  ['get', 'pods', '-s', `https://admin:${S}@10.0.0.1`],
  ['get', 'pods', `-s=https://${S}@10.0.0.1`],
  ['get', 'pods', '--server', `HTTPS://admin:${S}@host/path?q=1`],
  ['get', 'pods', `--server=https://admin:pa@ss${S}@host`],
  ['get', 'pods', `--server=https://admin:${S}%40x@host`],
  ['config', 'set', 'clusters.x.server', `https://u:${S}@host`],
  ['config', 'set', 'clusters.x.proxy-url', `http://u:${S}@proxy:3128`],
  ['config', 'set', `users.x.token=${S}`],
  ['config', 'set', 'users.x.token', S],
  ['config', 'set', 'Users.x.Token', S],
  ['config', 'set', '--', 'users.x.token', S],
  ['config', 'set', '--set-raw-bytes', 'users.x.client-key-data', S],
  ['config', 'set', `users.x.auth-provider.config.refresh-token=${S}`],
  ['config', 'set', 'users.x.exec.env.0.value', S],
  ['config', 'set', 'users.x.password', S, '--set-raw-bytes=true'],
  ['config', 'set-cluster', 'x', `--server=https://u:${S}@h`],
  ['config', 'set-cluster', 'x', `--proxy-url=http://u:${S}@proxy`],
  ['config', 'set-credentials', 'x', `--token=${S}`],
  ['config', 'set-credentials', 'x', '--password', S],
  ['exec', 'api-0', '--', 'curl', `https://u:${S}@internal`],
  ['no-such-plugin', `--server=https://u:${S}@h`],
  ['get', 'pods', `--kubeconfig=https://u:${S}@h`],
];

describe('credentials in argv are redacted everywhere', () => {
  for (const argv of CASES) {
    it(argv.join(' '), async () => {
      const redacted = redactArgv(argv);
      assert.equal(redacted.length, argv.length, 'same shape');
      assert.ok(!redacted.join(' ').includes(S), redacted.join(' '));
      assert.ok(redacted.join(' ').includes(REDACTED));
      const home = tempDir();
      await runIddio(['kubectl', ...argv], {
        env: { IDDIO_HOME: home, KUBECONFIG: join(home, 'none') },
      });
      const log = readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8');
      assert.ok(log.length > 0);
      assert.ok(!log.includes(S), log);
    });
  }

  it('keeps what is not a credential', () => {
    assert.deepEqual(redactArgv(['get', 'pods', '--server=https://host:6443']), [
      'get',
      'pods',
      '--server=https://host:6443',
    ]);
    assert.deepEqual(redactArgv(['config', 'set', 'contexts.x.namespace', 'dev']), [
      'config',
      'set',
      'contexts.x.namespace',
      'dev',
    ]);
    assert.deepEqual(redactArgv(['exec', 'p', '--', 'echo', 'a@b']), [
      'exec',
      'p',
      '--',
      'echo',
      'a@b',
    ]);
  });
});
