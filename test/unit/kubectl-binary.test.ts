import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { KUBECTL_VERSION, kubectlPath } from '../helpers/kubectl.js';

test('the pinned real kubectl is extracted and runs', () => {
  const out = execFileSync(kubectlPath(), ['version', '--client', '-o', 'json'], {
    encoding: 'utf8',
  });
  const parsed = JSON.parse(out) as { clientVersion: { gitVersion: string } };
  assert.equal(parsed.clientVersion.gitVersion, KUBECTL_VERSION);
});
