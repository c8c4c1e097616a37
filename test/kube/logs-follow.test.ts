/**
 * `logs -f` streams until the caller aborts: lines arrive while the request is still open,
 * the command then exits 130 (as an interrupted kubectl), and the request is on record.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { runExecutor } from './helpers.js';

describe('logs -f', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('streams lines until aborted, then exits 130', async () => {
    const env = { HOME: tempDir('iddio-follow-'), KUBECONFIG: sandbox.kubeconfigPath };
    const cacheDir = tempDir('iddio-follow-cache-');
    const once = await runExecutor(['logs', '-n', 'payments', 'deploy/api', '--tail=1'], {
      requestId: newRequestId(),
      cacheDir,
      env,
    });
    assert.equal(once.exitCode, 0, once.stderr);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 2_500);
    const followed = await runExecutor(['logs', '-n', 'payments', 'deploy/api', '--tail=1', '-f'], {
      requestId: newRequestId(),
      cacheDir,
      env,
      signal: controller.signal,
    });
    clearTimeout(timer);
    assert.equal(followed.exitCode, 130);
    const lines = followed.stdout.split('\n').filter((line) => line !== '');
    assert.ok(
      lines.length >= 2,
      `a line a second should have arrived: ${JSON.stringify(followed.stdout)}`,
    );
    assert.ok(followed.stdout.endsWith('\n'), 'only whole lines are printed');
    const last = followed.apiRequests.at(-1);
    assert.match(last?.path ?? '', /\/log\?.*follow=true/);
    assert.equal(last?.status, 200);
  });
});
