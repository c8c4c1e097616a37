/**
 * Passthrough: verbs iddio does not run natively go to the real kubectl 1.32, behind an
 * ephemeral gateway that holds the command's decision. What kubectl prints is what the user
 * sees; every wire request is in the command's `completed` event under its Audit-ID; a request
 * beyond what was decided is refused on the wire (403) and recorded; the temporary kubeconfig
 * is gone afterwards; and without a kubectl binary the command fails in one line.
 */
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { auditEvents } from '../gateway/helpers.js';

const POLICY = 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: escalate, 4: deny }\n';

describe('iddio kubectl passthrough to the real kubectl', () => {
  let sandbox: Sandbox;
  let home: string;
  // A temporary folder of its own: other tests (and other users of the machine) run passthrough
  // commands at the same time, and their temporary kubeconfigs would come and go in a shared one.
  const tmp = tempDir('iddio-pt-tmp-');
  const env = (): NodeJS.ProcessEnv => ({
    TMPDIR: tmp,
    KUBECONFIG: sandbox.kubeconfigPath,
    HOME: tempDir('iddio-pt-h-'),
    IDDIO_HOME: home,
    IDDIO_AGENT: 'bot',
    IDDIO_KUBECTL: kubectlPath(),
  });
  const leftovers = (): string[] => readdirSync(tmp).filter((n) => n.startsWith('iddio-kubectl-'));

  before(async () => {
    sandbox = await startSandbox();
    home = tempDir('iddio-pt-home-');
    writeFileSync(join(home, 'policy.yaml'), POLICY);
  });
  after(() => sandbox.stop());

  it('runs a verb iddio has no native code for, prints what kubectl prints, and records every wire request', async () => {
    const before = leftovers();
    const argv = [
      'expose',
      'deployment',
      'api',
      '-n',
      'payments',
      '--port',
      '8080',
      '--name',
      'api-pt',
    ];
    const ours = await runIddio(['kubectl', ...argv], { env: env() });
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, 'service/api-pt exposed\n');
    const real = await runProcess(
      kubectlPath(),
      ['get', 'service', 'api-pt', '-n', 'payments', '-o', 'name'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: tempDir('iddio-pt-k-'),
          KUBECONFIG: sandbox.kubeconfigPath,
        },
      },
    );
    assert.equal(real.stdout, 'service/api-pt\n');
    const events = auditEvents(join(home, 'audit', 'audit.ndjson'));
    const completed = events.findLast((e) => e.stage === 'completed');
    assert.equal(completed?.exit_code, 0);
    const requests = completed?.api_requests ?? [];
    assert.ok(
      requests.some(
        (r) => r.method === 'POST' && r.path === '/api/v1/namespaces/payments/services',
      ),
    );
    const prefix = completed?.request_id.replace('_', '-') ?? '';
    assert.ok(requests.every((r) => r.audit_id.startsWith(`${prefix}-`)));
    assert.equal(new Set(requests.map((r) => r.audit_id)).size, requests.length);
    assert.deepEqual(leftovers(), before, 'the temporary kubeconfig is removed');
  });

  it('refuses on the wire what the command was not approved for, and records it', async () => {
    // A "kubectl" that was approved for a T2 rollout pause and sends a DELETE instead.
    const fake = join(tempDir('iddio-pt-fake-'), 'kubectl');
    writeFileSync(
      fake,
      `#!${process.execPath}
const fs = require('fs');
const https = require('https');
const text = fs.readFileSync(process.env.KUBECONFIG, 'utf8');
const server = /server: (\\S+)/.exec(text)[1];
const token = /token: (\\S+)/.exec(text)[1];
const ca = Buffer.from(/certificate-authority-data: (\\S+)/.exec(text)[1], 'base64');
const req = https.request(server + '/api/v1/namespaces/payments/pods/' + process.env.POD_TO_DELETE, { method: 'DELETE', ca, headers: { Authorization: 'Bearer ' + token } }, (res) => {
  let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => { process.stdout.write(res.statusCode + ' ' + body + '\\n'); process.exit(res.statusCode === 403 ? 1 : 0); });
});
req.end();
`,
    );
    chmodSync(fake, 0o755);
    const pods = await runProcess(kubectlPath(), ['get', 'pods', '-n', 'payments', '-o', 'name'], {
      env: {
        PATH: process.env.PATH,
        HOME: tempDir('iddio-pt-k-'),
        KUBECONFIG: sandbox.kubeconfigPath,
      },
    });
    const pod = pods.stdout.split('\n')[0]?.replace('pod/', '') ?? '';
    const result = await runIddio(
      ['kubectl', 'rollout', 'pause', 'deployment/worker', '-n', 'payments'],
      {
        env: { ...env(), IDDIO_KUBECTL: fake, POD_TO_DELETE: pod },
      },
    );
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /^403 .*iddio: denied: .*beyond what this command was approved for/,
    );
    const still = await runProcess(
      kubectlPath(),
      ['get', 'pod', pod, '-n', 'payments', '-o', 'name'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: tempDir('iddio-pt-k-'),
          KUBECONFIG: sandbox.kubeconfigPath,
        },
      },
    );
    assert.equal(still.stdout, `pod/${pod}\n`);
    const events = auditEvents(join(home, 'audit', 'audit.ndjson'));
    const completed = events.findLast((e) => e.stage === 'completed');
    const id = completed?.request_id;
    const refusal = events.find((e) => e.request_id === id && e.decision === 'deny');
    assert.equal(refusal?.tier, 3);
    assert.deepEqual(
      completed?.api_requests?.map((r) => [r.method, r.status]),
      [['DELETE', 403]],
    );
  });

  it('without a kubectl binary, a passthrough verb fails in one line that says what to install', async () => {
    const result = await runIddio(
      ['kubectl', 'rollout', 'pause', 'deployment/api', '-n', 'payments'],
      {
        env: { ...env(), IDDIO_KUBECTL: '', PATH: tempDir('iddio-pt-empty-') },
      },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /kubectl/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
});
