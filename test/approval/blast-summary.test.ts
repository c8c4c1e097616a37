/** What the human is shown for a scale: the replica count that will be applied. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { measureBlastRadius } from '../../src/approval/blast-radius.js';
import { emptyIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

test('--replicas=010 is shown as 8, the number pflag (and so kubectl) applies', async () => {
  const invocation = parseKubectlArgv(
    ['scale', 'deploy/api', '-n', 'payments', '--replicas=010'],
    emptyIo,
  );
  const result = await measureBlastRadius(invocation, {
    requestId: 'idd_01JBLASTSUMMARY0000000000',
    agent: 'test',
    version: '0.0.0',
    env: { KUBECONFIG: sandbox.kubeconfigPath, HOME: tempDir('iddio-blast-home-') },
    cacheDir: tempDir('iddio-blast-cache-'),
  });
  assert.equal(result.radius?.summary, '1 object: deployment.apps/api; replicas 3 → 8');
});
