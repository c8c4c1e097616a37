/**
 * Shim mode: `iddio shim install DIR` makes DIR/kubectl a symlink to iddio, which then behaves
 * as `iddio kubectl` (on record, same output as kubectl); the real kubectl is found past the
 * shim on PATH, or through IDDIO_KUBECTL, and is never iddio itself.
 * Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/common/errors.js';
import { findRealKubectl, iddioEntry } from '../../src/kubectl/real-kubectl.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

describe('iddio shim', () => {
  let sandbox: Sandbox;
  let shimDir: string;
  let realDir: string;
  before(async () => {
    sandbox = await startSandbox({ kubeconfigPath: join(tempDir(), 'kubeconfig') });
    shimDir = join(tempDir(), 'shim');
    // The real kubectl in a directory of its own, second on PATH.
    realDir = tempDir('iddio-real-');
    symlinkSync(kubectlPath(), join(realDir, 'kubectl'));
  });
  after(() => sandbox.stop());

  it('install creates DIR/kubectl pointing at iddio, names the real kubectl, and is idempotent', async () => {
    const env = { PATH: `${realDir}:${process.env.PATH}` };
    const first = await runIddio(['shim', 'install', shimDir], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(realpathSync(join(shimDir, 'kubectl')), realpathSync(BIN));
    assert.match(first.stdout, new RegExp(`The real kubectl, past the shim: ${realDir}/kubectl`));
    const again = await runIddio(['shim', 'install', shimDir], { env });
    assert.equal(again.code, 0);
    assert.match(again.stdout, /kept/);
  });

  it('`kubectl` first on PATH runs as `iddio kubectl`: kubectl output, on record', async () => {
    const home = tempDir();
    const path = `${shimDir}:${realDir}:${process.env.PATH}`;
    const argv = ['get', 'pods', '-n', 'payments'];
    const viaShim = await runProcess('kubectl', argv, {
      env: {
        PATH: path,
        HOME: tempDir(),
        KUBECONFIG: sandbox.kubeconfigPath,
        IDDIO_HOME: home,
        IDDIO_AGENT: 'shimmed',
      },
    });
    const real = await runProcess(kubectlPath(), argv, {
      env: { PATH: process.env.PATH, HOME: tempDir(), KUBECONFIG: sandbox.kubeconfigPath },
    });
    assert.equal(viaShim.code, 0, viaShim.stderr);
    assert.equal(viaShim.stdout, real.stdout);
    const events = readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      events.map((e) => [e.stage, e.agent]),
      [
        ['decided', 'shimmed'],
        ['completed', 'shimmed'],
      ],
    );
    // A T4 command through the shim is refused like any other.
    const exec = await runProcess('kubectl', ['exec', 'api', '--', 'sh'], {
      env: { PATH: path, HOME: tempDir(), KUBECONFIG: sandbox.kubeconfigPath, IDDIO_HOME: home },
    });
    assert.equal(exec.code, 3);
  });

  it('never replaces a kubectl that is not iddio', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kubectl'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const result = await runIddio(['shim', 'install', dir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /exists and is not iddio's shim/);
    assert.equal(readFileSync(join(dir, 'kubectl'), 'utf8'), '#!/bin/sh\necho mine\n');
  });
});

describe('findRealKubectl', () => {
  const self = iddioEntry();

  it('passes over the shim on PATH and finds the kubectl after it', () => {
    const shim = tempDir();
    symlinkSync(BIN, join(shim, 'kubectl'));
    const real = tempDir();
    writeFileSync(join(real, 'kubectl'), '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(findRealKubectl({ PATH: `${shim}:${real}` }, self), join(real, 'kubectl'));
    assert.equal(findRealKubectl({ PATH: shim }, self), undefined);
    // A symlink to a symlink to iddio is still iddio.
    const chain = tempDir();
    symlinkSync(join(shim, 'kubectl'), join(chain, 'kubectl'));
    assert.equal(readlinkSync(join(chain, 'kubectl')), join(shim, 'kubectl'));
    assert.equal(
      findRealKubectl({ PATH: `${chain}:${shim}:${real}` }, self),
      join(real, 'kubectl'),
    );
  });

  it('takes IDDIO_KUBECTL, but never iddio itself', () => {
    const shim = tempDir();
    symlinkSync(BIN, join(shim, 'kubectl'));
    const real = tempDir();
    writeFileSync(join(real, 'kubectl'), '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(
      findRealKubectl({ IDDIO_KUBECTL: join(real, 'kubectl'), PATH: shim }, self),
      join(real, 'kubectl'),
    );
    assert.throws(
      () => findRealKubectl({ IDDIO_KUBECTL: join(shim, 'kubectl') }, self),
      UsageError,
    );
    assert.throws(() => findRealKubectl({ IDDIO_KUBECTL: BIN }, self), /is iddio itself/);
    assert.throws(
      () => findRealKubectl({ IDDIO_KUBECTL: '/nonexistent/kubectl' }, self),
      UsageError,
    );
  });
});
