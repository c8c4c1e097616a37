/**
 * Privilege separation on this machine, with real OS users: `iddio serve` runs as one user
 * with its home 0700, the agent runs as another with nothing but its agent kubeconfig, and the
 * real kubectl does what the policy and a human allow — and nothing else. As the agent user:
 * the cluster credential, policy, agent registry, approver keys, inbox and audit log cannot be
 * read or written; T0 reads work; a T2 write waits for `iddio approve`, run as the gateway
 * user; a decision forged wherever the agent can write is ignored; and the cluster cannot be
 * reached around the gateway. Needs root (CI runs as root): without it the test fails.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keyPath } from '../../src/approval/keys.js';
import { iddioPaths } from '../../src/cli/env.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { auditEvents, eventually } from './helpers.js';
import { SERVE_USER, startSeparated, walk, type Entry, type Separated } from './privsep-setup.js';

/** Run as the agent: an HTTPS GET to `url` with an optional bearer token; prints the status. */
const DIRECT = `
const https = require('node:https');
const headers = process.argv[2] ? { Authorization: 'Bearer ' + process.argv[2] } : {};
https.get(process.argv[1], { rejectUnauthorized: false, headers }, (res) => {
  process.stdout.write(String(res.statusCode)); res.resume();
}).on('error', (e) => { process.stdout.write('error ' + e.code); });
`;

describe('the gateway as its own OS user, the agent as another', () => {
  let s: Separated;
  const rootHome = tempDir('iddio-privsep-root-');
  const auditLog = (): string => iddioPaths({ IDDIO_HOME: s.home }).auditLog;
  /** The deployment's replicas, read as root straight from the sandbox. */
  const replicas = async (): Promise<string> =>
    (
      await runProcess(
        kubectlPath(),
        ['get', 'deploy', 'api', '-n', 'payments', '-o', 'jsonpath={.spec.replicas}'],
        { env: { PATH: process.env.PATH, HOME: rootHome, KUBECONFIG: s.sandbox.kubeconfigPath } },
      )
    ).stdout;
  const pendingId = (from: number): Promise<string> =>
    eventually(() => /iddio approve (idd_\w+)/.exec(s.log().slice(from))?.[1], 20_000);
  const scale = (replicas: number) =>
    s.asAgent(
      s.kubectl,
      ['scale', 'deployment', 'api', '-n', 'payments', `--replicas=${replicas}`],
      { timeoutMs: 60_000 },
    );

  before(async () => {
    s = await startSeparated('version: 1\napproval: { timeout: 8s }\n');
  });
  after(async () => {
    await s?.stop();
  });

  it('runs as two unprivileged users, neither in the other’s (or root’s) groups', async () => {
    const agentId = await s.asAgent('id', []);
    assert.equal(
      agentId.stdout.trim().replace(/\(.*?\)/g, ''),
      `uid=${s.agentUser.uid} gid=${s.agentUser.gid} groups=${s.agentUser.gid}`,
    );
    assert.notEqual(s.serveUser.uid, 0);
    assert.notEqual(s.serveUser.uid, s.agentUser.uid);
    assert.equal(statSync(s.home).uid, s.serveUser.uid);
    assert.equal(statSync(s.home).mode & 0o777, 0o700);
  });

  it('the agent can neither read nor write anything of the gateway’s, nor the cluster credential', async () => {
    const targets: Entry[] = [
      ...walk(s.home),
      ['file', s.upstream],
      ['file', s.sandbox.kubeconfigPath],
    ];
    const paths = iddioPaths({ IDDIO_HOME: s.home });
    for (const must of [
      paths.policy,
      paths.approvers,
      paths.agents,
      paths.auditLog,
      keyPath(s.home, 'alice'),
    ])
      assert.ok(
        targets.some(([, p]) => p === must),
        `${must} exists`,
      );
    // The probe can succeed: the agent's own kubeconfig is readable and writable by it.
    const own = await s.probe([['file', s.agentKubeconfig]]);
    assert.deepEqual(own[s.agentKubeconfig], { read: 'ok', write: 'ok' });
    const results = await s.probe(targets);
    assert.equal(Object.keys(results).length, targets.length);
    for (const [path, r] of Object.entries(results)) {
      assert.deepEqual(r, { read: 'EACCES', write: 'EACCES' }, path);
    }
  });

  it('the agent can neither stop the gateway nor look into its process', async () => {
    const pid = s.servePid;
    const kill = await s.asAgent(process.execPath, [
      '-e',
      `try { process.kill(${pid}, 'SIGTERM'); process.stdout.write('ok'); } catch (e) { process.stdout.write(e.code); }`,
    ]);
    assert.equal(kill.stdout, 'EPERM', kill.stderr);
    // Its environment and memory hold what it read from its home: closed to another user.
    const inside = await s.probe([
      ['file', `/proc/${pid}/environ`],
      ['file', `/proc/${pid}/mem`],
    ]);
    for (const [path, r] of Object.entries(inside)) {
      assert.deepEqual(r, { read: 'EACCES', write: 'EACCES' }, path);
    }
    assert.equal(process.kill(pid, 0), true);
  });

  it('its T0 read works with the real kubectl and only the agent kubeconfig', async () => {
    const result = await s.asAgent(s.kubectl, ['get', 'pods', '-n', 'payments', '-o', 'name']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^pod\/api-/m);
    const decided = await eventually(() =>
      auditEvents(auditLog()).find(
        (e) => e.stage === 'decided' && e.agent === 'bot' && e.tier === 0,
      ),
    );
    assert.equal(decided.decision, 'allow');
  });

  it('the cluster cannot be reached around the gateway', async () => {
    // No credential, and the agent token (which the cluster has never heard of): both 401.
    for (const token of ['', s.agentToken]) {
      const direct = await s.asAgent(process.execPath, [
        '-e',
        DIRECT,
        `${s.sandbox.url}/api/v1/namespaces/payments/secrets`,
        token,
      ]);
      assert.equal(direct.stdout, '401', direct.stderr);
    }
    // The real s.kubectl with a kubeconfig the agent writes itself: the cluster's URL, its token.
    const own = join(s.agentDir, 'direct.kubeconfig');
    const config = [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: c, cluster: { server: "' +
        s.sandbox.url +
        '", insecure-skip-tls-verify: true } }]',
      'users: [{ name: u, user: { token: "' + s.agentToken + '" } }]',
      'contexts: [{ name: x, context: { cluster: c, user: u } }]',
      'current-context: x',
      '',
    ].join('\n');
    const wrote = await s.asAgent(process.execPath, [
      '-e',
      'require("node:fs").writeFileSync(process.argv[1], process.argv[2])',
      own,
      config,
    ]);
    assert.equal(wrote.code, 0, wrote.stderr);
    const around = await s.asAgent(s.kubectl, [
      'get',
      'secrets',
      '-n',
      'payments',
      '--kubeconfig',
      own,
    ]);
    assert.equal(around.code, 1);
    assert.match(around.stderr, /Unauthorized|must be logged in/);
  });

  it('a T2 write waits for a human and `iddio approve`, run as the gateway user, lets it through', async () => {
    const from = s.log().length;
    const running = scale(4);
    const id = await pendingId(from);
    // While it waits, the request in the inbox is out of the agent's reach too.
    const inbox = iddioPaths({ IDDIO_HOME: s.home }).inbox;
    const pending = await s.probe([
      ['dir', inbox],
      ['file', join(inbox, `${id}.json`)],
    ]);
    for (const r of Object.values(pending))
      assert.deepEqual(r, { read: 'EACCES', write: 'EACCES' });
    const approve = await s.asServe(['approve', id, '--reason', 'privsep test']);
    assert.equal(approve.code, 0, approve.stderr);
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'deployment.apps/api scaled\n');
    assert.equal(await replicas(), '4');
  });

  it('a decision forged wherever the agent can write is ignored: the write times out, Forbidden', async () => {
    const from = s.log().length;
    const running = scale(9);
    const id = await pendingId(from);
    const forged = `${JSON.stringify({
      v: 1,
      request_id: id,
      request_sha256: randomBytes(32).toString('hex'),
      decision: 'approve',
      approver: SERVE_USER,
      decided_at: new Date().toISOString(),
      nonce: randomBytes(16).toString('hex'),
    })}\n`;
    const write = `
      const fs = require('node:fs');
      for (const dir of process.argv.slice(2)) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(dir + '/${id}.decision.json', process.argv[1]);
      }`;
    const wrote = await s.asAgent(process.execPath, [
      '-e',
      write,
      forged,
      join(s.agentDir, 'iddio', 'inbox'),
      join(s.agentDir, 'inbox'),
      s.agentDir,
    ]);
    assert.equal(wrote.code, 0, wrote.stderr);
    // `iddio approve` run by the agent, against its own home and against the gateway's: refused.
    for (const env of [{}, { IDDIO_HOME: s.home }]) {
      const self = await s.asAgent(process.execPath, [s.iddio, 'approve', id], { env });
      assert.notEqual(self.code, 0, self.stdout);
      assert.match(self.stderr, /^iddio: [^\n]+\n$/);
    }
    const result = await running;
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Error from server \(Forbidden\): iddio: not approved: .*request idd_/m,
    );
    assert.equal(await replicas(), '4');
    const log = auditEvents(auditLog());
    assert.ok(!log.some((e) => e.request_id === id && (e as { approved_by?: string }).approved_by));
  });

  it('the gateway’s audit log, written as its own user, verifies', async () => {
    const verify = await s.asServe(['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr + verify.stdout);
  });
});
