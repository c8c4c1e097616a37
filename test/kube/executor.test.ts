/**
 * The executor's contract with the pipeline: unsupported verbs and flags are refused with
 * exit 2 before any request, problems are one line on stderr (never a stack trace), requests
 * are reported even when the connection fails, and output_sha256 hashes exactly stdout.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { SUPPORTED_VERBS } from '../../src/kube/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { runExecutor } from './helpers.js';

const dir = tempDir('iddio-executor-');
const refused = join(dir, 'refused.yaml');
// Port 1 on loopback: nothing listens, so the connection is refused at once.
writeFileSync(
  refused,
  `clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n`,
);
const env = { KUBECONFIG: refused, HOME: dir };
const run = (argv: string[]) =>
  runExecutor(argv, { requestId: newRequestId(), cacheDir: dir, env });

describe('executeInvocation contract', () => {
  const unsupported: Array<[string[], string]> = [
    [
      ['apply', 'view-last-applied', 'deploy/x'],
      'iddio: apply view-last-applied is not supported yet',
    ],
    [['create', 'secret', 'tls', 't'], 'iddio: create secret tls is not supported yet'],
    [
      ['create', 'cm', 'c', '--from-file=x'],
      'iddio: create configmap --from-file is not supported yet',
    ],
    [['exec', 'pod', '--', 'sh'], 'iddio: exec is not supported yet'],
    [['rollout', 'pause', 'deploy/x'], 'iddio: rollout pause is not supported yet'],
    [['config', 'set-cluster', 'x'], 'iddio: config set-cluster is not supported yet'],
    [['certificate', 'approve', 'x'], 'iddio: certificate approve is not supported yet'],
    [['top', 'pods'], 'iddio: top pod is not supported yet'],
    [['get', 'pods', '-o', 'go-template={{.}}'], 'iddio: get -o go-template is not supported yet'],
    [
      ['logs', 'pod', '--insecure-skip-tls-verify-backend'],
      'iddio: logs --insecure-skip-tls-verify-backend is not supported yet',
    ],
    [['get', 'pods', '--subresource=status'], 'iddio: get --subresource is not supported yet'],
  ];
  for (const [argv, line] of unsupported) {
    it(`refuses ${argv.join(' ')} with exit 2 and no request`, async () => {
      const result = await run(argv);
      assert.equal(result.stderr, `${line}\n`);
      assert.equal(result.exitCode, 2);
      assert.deepEqual(
        result.apiRequests.filter((r) => !r.path.startsWith('/api')),
        [],
      );
      assert.equal(result.stdout, '');
    });
  }

  it('lists the verbs it implements', () => {
    assert.deepEqual([...SUPPORTED_VERBS].sort(), [
      'annotate',
      'api-resources',
      'api-versions',
      'apply',
      'auth can-i',
      'auth whoami',
      'cluster-info',
      'config current-context',
      'config get-contexts',
      'config set-context',
      'config use-context',
      'config view',
      'cordon',
      'create',
      'create configmap',
      'create deployment',
      'create job',
      'create namespace',
      'create secret generic',
      'create serviceaccount',
      'delete',
      'describe',
      'drain',
      'events',
      'get',
      'label',
      'logs',
      'patch',
      'replace',
      'rollout history',
      'rollout restart',
      'rollout status',
      'rollout undo',
      'scale',
      'set image',
      'taint',
      'uncordon',
      'version',
      'wait',
    ]);
  });

  it("a refused connection is kubectl's last line, exit 1, and the request is reported with status 0", async () => {
    const result = await run(['get', 'pods']);
    assert.equal(result.exitCode, 1);
    assert.equal(
      result.stderr,
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n',
    );
    assert.equal(
      result.apiRequests.length > 0 && result.apiRequests.every((r) => r.status === 0),
      true,
    );
    const real = await runProcess(kubectlPath(), ['get', 'pods'], {
      env: { ...env, PATH: process.env.PATH },
    });
    assert.equal(real.code, 1);
    assert.equal(real.stderr.trimEnd().split('\n').at(-1), result.stderr.trimEnd());
  });

  it('a malformed kubeconfig is one line and exit 1, with no request', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'clusters: [\n  - name: x\n  bad');
    const result = await runExecutor(['get', 'pods'], {
      requestId: newRequestId(),
      cacheDir: dir,
      env: { KUBECONFIG: bad, HOME: dir },
    });
    assert.equal(result.exitCode, 1);
    assert.match(
      result.stderr,
      /^error: error loading config file "[^"]+bad\.yaml": yaml: [^\n]+\n$/,
    );
    assert.deepEqual(result.apiRequests, []);
  });

  it('client-node rejecting the selected credentials is one line too', async () => {
    const certs = join(dir, 'certs.yaml');
    writeFileSync(
      certs,
      `clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", certificate-authority: ${join(dir, 'missing-ca.crt')}}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n`,
    );
    const result = await runExecutor(['get', 'pods'], {
      requestId: newRequestId(),
      cacheDir: dir,
      env: { KUBECONFIG: certs, HOME: dir },
    });
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr.split('\n').length, 2, result.stderr);
    assert.match(result.stderr, /^error: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('outputSha256 is the SHA-256 of stdout exactly', async () => {
    const result = await run(['version', '--client']);
    assert.equal(result.exitCode, 0);
    assert.equal(result.outputSha256, createHash('sha256').update(result.stdout).digest('hex'));
    assert.notEqual(result.stdout, '');
  });
});
