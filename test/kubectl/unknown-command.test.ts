/**
 * A first word that is neither a kubectl command nor a plugin: kubectl's message, its
 * suggestions in kubectl's order, and exit 1, compared with the real kubectl 1.32.3; the
 * refusal is on record. A plugin on PATH (`kubectl-<word>`) is still classified (T4).
 * Needs `npm run build` first for the binary tests.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findPlugin } from '../../src/kubectl/plugins.js';
import { unknownCommandText } from '../../src/kubectl/unknown-command.js';
import { runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

/** Single letters and short prefixes reach nearly every command, so the order is checked too. */
const TYPOS = [
  ...['gt', 'GET', 'delet', 'apply-', 'xyzzy', 'lo', 'cofnig', 'desribe', 'rm', 'remove'],
  ...['ps', 'PS', 'ls', 'list', 'show', 'hel', 'helpp', 'ex', 'exe', 'conf', 'ce', 'au', 'rollot'],
  ...'abcdefghijklmnopqrstuvwxyz'.split(''),
  ...['ap', 'api', 'port', 'clust', 'uncord', 'versio', 'opts', 'kustomise', 'plugins'],
  ...['gét', 'g\u202eet', 'g\x1b[2Jt', 'get"'],
];

function emptyPath(): string {
  return tempDir('iddio-nopath-');
}

describe('unknown command (kubectl 1.32.3)', () => {
  it('prints what kubectl prints, for every typo in the table', async () => {
    const env = { PATH: emptyPath(), HOME: tempDir(), KUBECONFIG: '/nonexistent' };
    for (const word of TYPOS) {
      const real = await runProcess(kubectlPath(), [word, 'pods'], { env });
      assert.equal(real.code, 1, word);
      assert.equal(`${unknownCommandText(word)}\n`, real.stderr, JSON.stringify(word));
    }
  });

  it('iddio kubectl refuses it as kubectl does, exit 1, and puts it on record', async () => {
    const home = tempDir();
    const env = { PATH: emptyPath(), HOME: tempDir(), IDDIO_HOME: home, IDDIO_AGENT: 'typo' };
    const argv = ['gt', 'pods', '-n', 'payments'];
    const [ours, real] = await Promise.all([
      runIddio(['kubectl', ...argv], { env }),
      runProcess(kubectlPath(), argv, { env }),
    ]);
    assert.equal(ours.code, 1);
    assert.equal(ours.stderr, real.stderr);
    assert.equal(ours.stdout, '');
    const events = readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.stage, 'decided');
    assert.equal(events[0]?.decision, 'deny');
    assert.match(String(events[0]?.reason), /^unknown command "gt" for "kubectl"/);
  });

  it('a plugin on PATH is still break-glass (T4), denied by the default policy', async () => {
    const bin = tempDir('iddio-plugins-');
    writeFileSync(join(bin, 'kubectl-gt'), '#!/bin/sh\necho ran\n');
    chmodSync(join(bin, 'kubectl-gt'), 0o755);
    const ours = await runIddio(['kubectl', 'gt', 'pods'], {
      env: { PATH: bin, HOME: tempDir(), IDDIO_AGENT: 'p', KUBECONFIG: '/nonexistent' },
    });
    assert.equal(ours.code, 3, ours.stderr);
    assert.match(ours.stderr, /T4 break-glass/);
    assert.doesNotMatch(ours.stdout, /ran/);
  });
});

describe('findPlugin', () => {
  it('tries the longest name first, dashes in words as underscores', () => {
    const bin = tempDir('iddio-plugins-');
    for (const name of ['kubectl-foo', 'kubectl-foo-bar_baz']) {
      writeFileSync(join(bin, name), '#!/bin/sh\n');
      chmodSync(join(bin, name), 0o755);
    }
    writeFileSync(join(bin, 'kubectl-noexec'), '#!/bin/sh\n');
    mkdirSync(join(bin, 'kubectl-dir'));
    assert.equal(findPlugin(['foo', 'bar-baz', 'x'], bin), join(bin, 'kubectl-foo-bar_baz'));
    assert.equal(findPlugin(['foo', 'bar-baz', '-n', 'x'], bin), join(bin, 'kubectl-foo-bar_baz'));
    assert.equal(findPlugin(['foo', '-x', 'bar-baz'], bin), join(bin, 'kubectl-foo'));
    assert.equal(findPlugin(['noexec'], bin), undefined);
    assert.equal(findPlugin(['dir'], bin), undefined);
    assert.equal(findPlugin(['../foo'], bin), undefined);
    assert.equal(findPlugin(['foo'], ''), undefined);
  });
});
