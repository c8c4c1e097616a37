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
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addApproverRecord } from '../../src/approval/approvers.js';
import { generateApproverKey, keyDir, keyPath } from '../../src/approval/keys.js';
import { iddioPaths } from '../../src/cli/env.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ROOT, runProcess } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { ensureOsUser, runAs, type OsUser } from '../helpers/os-users.js';
import { auditEvents, eventually } from './helpers.js';

const SERVE_USER = 'iddio-gw-test';
const AGENT_USER = 'iddio-agent-test';

/** Every file and folder under `dir`, folders marked, as root sees them. */
function walk(dir: string): Array<[kind: 'dir' | 'file', path: string]> {
  const out: Array<['dir' | 'file', string]> = [['dir', dir]];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(['file', path]);
  }
  return out;
}

/**
 * Run as the agent: for each path, try to read it (a folder: list it) and to write it (a file:
 * open it for writing without creating; a folder: create a file in it). Prints error codes.
 */
const PROBE = `
const fs = require('node:fs');
const out = {};
for (const [kind, path] of JSON.parse(process.argv[1])) {
  const r = {};
  try { kind === 'dir' ? fs.readdirSync(path) : fs.readFileSync(path); r.read = 'ok'; } catch (e) { r.read = e.code; }
  try {
    if (kind === 'dir') fs.writeFileSync(path + '/forged.decision.json', '{}', { flag: 'wx' });
    else fs.closeSync(fs.openSync(path, 'r+'));
    r.write = 'ok';
  } catch (e) { r.write = e.code; }
  out[path] = r;
}
process.stdout.write(JSON.stringify(out));
`;

/** Run as the agent: an HTTPS GET to `url` with an optional bearer token; prints the status. */
const DIRECT = `
const https = require('node:https');
const headers = process.argv[2] ? { Authorization: 'Bearer ' + process.argv[2] } : {};
https.get(process.argv[1], { rejectUnauthorized: false, headers }, (res) => {
  process.stdout.write(String(res.statusCode)); res.resume();
}).on('error', (e) => { process.stdout.write('error ' + e.code); });
`;

describe('the gateway as its own OS user, the agent as another', () => {
  let base: string;
  let serveUser: OsUser;
  let agentUser: OsUser;
  let sandbox: Sandbox;
  let serve: ChildProcess;
  let serveLog = '';
  let url = '';
  let home: string;
  let upstream: string;
  let agentDir: string;
  let agentKubeconfig: string;
  let agentToken: string;
  let kubectl: string;
  const app = (): string => join(base, 'app', 'bin', 'iddio.js');

  const asServe = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runAs(serveUser, process.execPath, [app(), ...args], {
      env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', IDDIO_HOME: home, ...env },
    });
  const agentEnv = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: agentDir,
    TMPDIR: agentDir,
    KUBECONFIG: agentKubeconfig,
    IDDIO_HOME: join(agentDir, 'iddio'),
  });
  const asAgent = (file: string, args: string[], timeoutMs?: number) =>
    runAs(agentUser, file, args, {
      env: agentEnv(),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  const probe = async (paths: Array<['dir' | 'file', string]>) => {
    const result = await asAgent(process.execPath, ['-e', PROBE, JSON.stringify(paths)]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, { read: string; write: string }>;
  };
  /** The deployment's replicas, read as root straight from the sandbox. */
  const replicas = async (): Promise<string> =>
    (
      await runProcess(
        kubectlPath(),
        ['get', 'deploy', 'api', '-n', 'payments', '-o', 'jsonpath={.spec.replicas}'],
        { env: { PATH: process.env.PATH, HOME: base, KUBECONFIG: sandbox.kubeconfigPath } },
      )
    ).stdout;
  const pendingId = async (after: number): Promise<string> =>
    eventually(() => /iddio approve (idd_\w+)/.exec(serveLog.slice(after))?.[1], 20_000);

  before(async () => {
    serveUser = ensureOsUser(SERVE_USER);
    agentUser = ensureOsUser(AGENT_USER);
    // A private base the two users may pass through (0711) but not list.
    base = mkdtempSync(join(tmpdir(), 'iddio-privsep-'));
    chmodSync(base, 0o711);
    // The built iddio and the real kubectl, copied where both users can read and run them,
    // wherever the checkout lives (a CI runner's home is often closed to other users).
    const appDir = join(base, 'app');
    for (const part of ['bin', 'dist', 'rules', 'package.json']) {
      cpSync(join(ROOT, part), join(appDir, part), {
        recursive: true,
        filter: (src) => !src.endsWith('.map') && !src.endsWith('.cache'),
      });
    }
    mkdirSync(join(base, 'bin'));
    kubectl = join(base, 'bin', 'kubectl');
    copyFileSync(kubectlPath(), kubectl);
    for (const [, path] of walk(base)) {
      if (path !== base) chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
    }
    chmodSync(kubectl, 0o755);

    sandbox = await startSandbox();
    // The gateway's home and the cluster credential: owned by the gateway user, closed to all.
    home = join(base, 'gateway-home');
    mkdirSync(home, { mode: 0o700 });
    const paths = iddioPaths({ IDDIO_HOME: home });
    writeFileSync(paths.policy, 'version: 1\napproval: { timeout: 8s }\n', { mode: 0o600 });
    const { encrypted, publicKey } = generateApproverKey('alice', 'correct horse battery');
    mkdirSync(keyDir(home), { mode: 0o700 });
    writeFileSync(keyPath(home, 'alice'), JSON.stringify(encrypted), { mode: 0o600 });
    await addApproverRecord(paths.approvers, {
      name: 'alice',
      public_key: publicKey,
      created: new Date().toISOString(),
    });
    upstream = join(base, 'cluster.kubeconfig');
    copyFileSync(sandbox.kubeconfigPath, upstream);
    chmodSync(upstream, 0o600);
    for (const [, path] of [...walk(home), ['file', upstream] as const])
      chownSync(path, serveUser.uid, serveUser.gid);

    serve = spawn(
      process.execPath,
      [
        app(),
        'serve',
        '--home',
        home,
        '--upstream-kubeconfig',
        upstream,
        '--listen',
        '127.0.0.1:0',
      ],
      {
        uid: serveUser.uid,
        gid: serveUser.gid,
        cwd: '/',
        env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    serve.stdout?.setEncoding('utf8').on('data', (c: string) => (serveLog += c));
    serve.stderr?.setEncoding('utf8').on('data', (c: string) => (serveLog += c));
    url = await eventually(() => /ready at (https:\/\/\S+)/.exec(serveLog)?.[1], 20_000).catch(() =>
      assert.fail(`iddio serve did not start as ${SERVE_USER}:\n${serveLog}`),
    );

    // The agent's kubeconfig, made by the gateway user, handed over to the agent user.
    agentDir = join(base, 'agent');
    mkdirSync(join(agentDir, 'iddio'), { recursive: true, mode: 0o700 });
    const issued = join(home, 'bot.kubeconfig');
    const made = await asServe(['agent', 'kubeconfig', 'bot', '--server', url, '--out', issued]);
    assert.equal(made.code, 0, made.stderr);
    agentKubeconfig = join(agentDir, 'kubeconfig');
    copyFileSync(issued, agentKubeconfig);
    rmSync(issued);
    agentToken = /token: (\S+)/.exec(
      (await runProcess('cat', [agentKubeconfig])).stdout,
    )?.[1] as string;
    for (const [, path] of walk(agentDir)) chownSync(path, agentUser.uid, agentUser.gid);
    chmodSync(agentDir, 0o700);
    chmodSync(agentKubeconfig, 0o600);
  });

  after(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
    await sandbox?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('runs as two unprivileged users, neither in the other’s (or root’s) groups', async () => {
    const agentId = await asAgent('id', []);
    assert.equal(
      agentId.stdout.trim().replace(/\(.*?\)/g, ''),
      `uid=${agentUser.uid} gid=${agentUser.gid} groups=${agentUser.gid}`,
    );
    assert.notEqual(serveUser.uid, 0);
    assert.notEqual(serveUser.uid, agentUser.uid);
    assert.equal(statSync(home).uid, serveUser.uid);
    assert.equal(statSync(home).mode & 0o777, 0o700);
  });

  it('the agent can neither read nor write anything of the gateway’s, nor the cluster credential', async () => {
    const targets: Array<['dir' | 'file', string]> = [
      ...walk(home),
      ['file', upstream],
      ['file', sandbox.kubeconfigPath],
    ];
    const paths = iddioPaths({ IDDIO_HOME: home });
    for (const must of [
      paths.policy,
      paths.approvers,
      paths.agents,
      paths.auditLog,
      keyPath(home, 'alice'),
    ])
      assert.ok(
        targets.some(([, p]) => p === must),
        `${must} exists`,
      );
    // The probe can succeed: the agent's own kubeconfig is readable and writable by it.
    const own = await probe([['file', agentKubeconfig]]);
    assert.deepEqual(own[agentKubeconfig], { read: 'ok', write: 'ok' });
    const results = await probe(targets);
    assert.equal(Object.keys(results).length, targets.length);
    for (const [path, r] of Object.entries(results)) {
      assert.deepEqual(r, { read: 'EACCES', write: 'EACCES' }, path);
    }
  });

  it('its T0 read works with the real kubectl and only the agent kubeconfig', async () => {
    const result = await asAgent(kubectl, ['get', 'pods', '-n', 'payments', '-o', 'name']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^pod\/api-/m);
    const decided = await eventually(() =>
      auditEvents(iddioPaths({ IDDIO_HOME: home }).auditLog).find(
        (e) => e.stage === 'decided' && e.agent === 'bot' && e.tier === 0,
      ),
    );
    assert.equal(decided.decision, 'allow');
  });

  it('the cluster cannot be reached around the gateway', async () => {
    // No credential, and the agent token (which the cluster has never heard of): both 401.
    for (const token of ['', agentToken]) {
      const direct = await asAgent(process.execPath, [
        '-e',
        DIRECT,
        `${sandbox.url}/api/v1/namespaces/payments/secrets`,
        token,
      ]);
      assert.equal(direct.stdout, '401', direct.stderr);
    }
    // The real kubectl with a kubeconfig the agent writes itself: the cluster's URL, its token.
    const own = join(agentDir, 'direct.kubeconfig');
    const config = [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: c, cluster: { server: "' +
        sandbox.url +
        '", insecure-skip-tls-verify: true } }]',
      'users: [{ name: u, user: { token: "' + agentToken + '" } }]',
      'contexts: [{ name: x, context: { cluster: c, user: u } }]',
      'current-context: x',
      '',
    ].join('\n');
    const wrote = await asAgent(process.execPath, [
      '-e',
      'require("node:fs").writeFileSync(process.argv[1], process.argv[2])',
      own,
      config,
    ]);
    assert.equal(wrote.code, 0, wrote.stderr);
    const around = await asAgent(kubectl, [
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
    const from = serveLog.length;
    const running = asAgent(
      kubectl,
      ['scale', 'deployment', 'api', '-n', 'payments', '--replicas=4'],
      60_000,
    );
    const id = await pendingId(from);
    // While it waits, the request in the inbox is out of the agent's reach too.
    const inbox = iddioPaths({ IDDIO_HOME: home }).inbox;
    const pending = await probe([
      ['dir', inbox],
      ['file', join(inbox, `${id}.json`)],
    ]);
    for (const r of Object.values(pending))
      assert.deepEqual(r, { read: 'EACCES', write: 'EACCES' });
    const approve = await asServe(['approve', id, '--reason', 'privsep test']);
    assert.equal(approve.code, 0, approve.stderr);
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'deployment.apps/api scaled\n');
    assert.equal(await replicas(), '4');
  });

  it('a decision forged wherever the agent can write is ignored: the write times out, Forbidden', async () => {
    const from = serveLog.length;
    const running = asAgent(
      kubectl,
      ['scale', 'deployment', 'api', '-n', 'payments', '--replicas=9'],
      60_000,
    );
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
    const wrote = await asAgent(process.execPath, [
      '-e',
      write,
      forged,
      join(agentDir, 'iddio', 'inbox'),
      join(agentDir, 'inbox'),
      agentDir,
    ]);
    assert.equal(wrote.code, 0, wrote.stderr);
    // `iddio approve` run by the agent, against its own home and against the gateway's: refused.
    for (const env of [{}, { IDDIO_HOME: home }]) {
      const self = await runAs(agentUser, process.execPath, [app(), 'approve', id], {
        env: { ...agentEnv(), ...env },
      });
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
    const log = auditEvents(iddioPaths({ IDDIO_HOME: home }).auditLog);
    assert.ok(!log.some((e) => e.request_id === id && (e as { approved_by?: string }).approved_by));
  });

  it('the gateway’s audit log, written as its own user, verifies', async () => {
    const verify = await asServe(['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr + verify.stdout);
  });
});
