/**
 * The set-up of the privilege-separation test, as an operator would do it with two OS users:
 * a sandbox cluster (started here, as root), its credential handed to the gateway user alone,
 * `iddio serve` started as that user with its home 0700, and the agent user given the one file
 * `iddio agent kubeconfig` writes. The built iddio and the real kubectl are copied where both
 * users can read and run them, wherever the checkout lives (a CI runner's home is often closed
 * to other users).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addApproverRecord } from '../../src/approval/approvers.js';
import { generateApproverKey, keyDir, keyPath } from '../../src/approval/keys.js';
import { iddioPaths } from '../../src/cli/env.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ROOT, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { ensureOsUser, runAs, type OsUser } from '../helpers/os-users.js';
import { eventually } from './helpers.js';

export const SERVE_USER = 'iddio-gw-test';
export const AGENT_USER = 'iddio-agent-test';

export type Entry = [kind: 'dir' | 'file', path: string];

/** Every file and folder under `dir`, as root sees them. */
export function walk(dir: string): Entry[] {
  const out: Entry[] = [['dir', dir]];
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

export interface Separated {
  serveUser: OsUser;
  agentUser: OsUser;
  sandbox: Sandbox;
  /** The gateway's home and the cluster credential it alone holds. */
  home: string;
  upstream: string;
  /** The agent user's own folder (its HOME and TMPDIR), its kubeconfig and token. */
  agentDir: string;
  agentKubeconfig: string;
  agentToken: string;
  /** The real kubectl and bin/iddio.js, where both users can run them. */
  kubectl: string;
  iddio: string;
  /** Everything `iddio serve` printed so far. */
  log(): string;
  /** The process id of `iddio serve`. */
  servePid: number;
  /** `iddio ARGS` as the gateway user, with IDDIO_HOME=home (how a human answers). */
  asServe(args: string[]): Promise<RunResult>;
  asAgent(
    file: string,
    args: string[],
    options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<RunResult>;
  /** What the agent gets trying to read and write each path: 'ok' or an error code. */
  probe(paths: Entry[]): Promise<Record<string, { read: string; write: string }>>;
  stop(): Promise<void>;
}

function copyTools(base: string): { iddio: string; kubectl: string } {
  const app = join(base, 'app');
  for (const part of ['bin', 'dist', 'rules', 'package.json']) {
    cpSync(join(ROOT, part), join(app, part), {
      recursive: true,
      filter: (src) => !src.endsWith('.map') && !src.endsWith('.cache'),
    });
  }
  mkdirSync(join(base, 'bin'));
  const kubectl = join(base, 'bin', 'kubectl');
  copyFileSync(kubectlPath(), kubectl);
  for (const [kind, path] of walk(base)) {
    if (path !== base) chmodSync(path, kind === 'dir' ? 0o755 : 0o644);
  }
  chmodSync(kubectl, 0o755);
  return { iddio: join(app, 'bin', 'iddio.js'), kubectl };
}

/** The gateway's home as an operator prepares it: a policy and an approver key, 0700. */
async function prepareHome(home: string, policy: string): Promise<void> {
  mkdirSync(home, { mode: 0o700 });
  const paths = iddioPaths({ IDDIO_HOME: home });
  writeFileSync(paths.policy, policy, { mode: 0o600 });
  const { encrypted, publicKey } = generateApproverKey('alice', 'correct horse battery');
  mkdirSync(keyDir(home), { mode: 0o700 });
  writeFileSync(keyPath(home, 'alice'), JSON.stringify(encrypted), { mode: 0o600 });
  await addApproverRecord(paths.approvers, {
    name: 'alice',
    public_key: publicKey,
    created: new Date().toISOString(),
  });
}

export async function startSeparated(policy: string): Promise<Separated> {
  const serveUser = ensureOsUser(SERVE_USER);
  const agentUser = ensureOsUser(AGENT_USER);
  // A private base both users may pass through (0711) but not list.
  const base = mkdtempSync(join(tmpdir(), 'iddio-privsep-'));
  chmodSync(base, 0o711);
  const { iddio, kubectl } = copyTools(base);
  const sandbox = await startSandbox();

  const home = join(base, 'gateway-home');
  await prepareHome(home, policy);
  const upstream = join(base, 'cluster.kubeconfig');
  copyFileSync(sandbox.kubeconfigPath, upstream);
  chmodSync(upstream, 0o600);
  for (const [, path] of [...walk(home), ['file', upstream] as Entry])
    chownSync(path, serveUser.uid, serveUser.gid);

  const serveEnv = { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' };
  const serve = spawn(
    process.execPath,
    [iddio, 'serve', '--home', home, '--upstream-kubeconfig', upstream, '--listen', '127.0.0.1:0'],
    { uid: serveUser.uid, gid: serveUser.gid, cwd: '/', env: serveEnv, stdio: 'pipe' },
  );
  let log = '';
  serve.stdout.setEncoding('utf8').on('data', (c: string) => (log += c));
  serve.stderr.setEncoding('utf8').on('data', (c: string) => (log += c));
  const stop = async (): Promise<void> => {
    if (serve.exitCode === null) {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
    await sandbox.stop();
    rmSync(base, { recursive: true, force: true });
  };
  const asServe = (args: string[]): Promise<RunResult> =>
    runAs(serveUser, process.execPath, [iddio, ...args], {
      env: { ...serveEnv, IDDIO_HOME: home },
    });

  try {
    const url = await eventually(() => /ready at (https:\/\/\S+)/.exec(log)?.[1], 20_000).catch(
      () => assert.fail(`iddio serve did not start as ${SERVE_USER}:\n${log}`),
    );
    // The agent's kubeconfig: made by the gateway user, handed over to the agent user.
    const agentDir = join(base, 'agent');
    mkdirSync(join(agentDir, 'iddio'), { recursive: true, mode: 0o700 });
    const issued = join(home, 'bot.kubeconfig');
    const made = await asServe(['agent', 'kubeconfig', 'bot', '--server', url, '--out', issued]);
    assert.equal(made.code, 0, made.stderr);
    const agentKubeconfig = join(agentDir, 'kubeconfig');
    copyFileSync(issued, agentKubeconfig);
    rmSync(issued);
    const agentToken = /token: (\S+)/.exec(readFileSync(agentKubeconfig, 'utf8'))?.[1] ?? '';
    for (const [, path] of walk(agentDir)) chownSync(path, agentUser.uid, agentUser.gid);
    chmodSync(agentDir, 0o700);
    chmodSync(agentKubeconfig, 0o600);

    const agentEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: agentDir,
      TMPDIR: agentDir,
      KUBECONFIG: agentKubeconfig,
      IDDIO_HOME: join(agentDir, 'iddio'),
    };
    const asAgent: Separated['asAgent'] = (file, args, options = {}) =>
      runAs(agentUser, file, args, {
        env: { ...agentEnv, ...options.env },
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      });
    return {
      serveUser,
      agentUser,
      sandbox,
      home,
      upstream,
      agentDir,
      agentKubeconfig,
      agentToken,
      kubectl,
      iddio,
      log: () => log,
      servePid: serve.pid ?? 0,
      asServe,
      asAgent,
      async probe(paths) {
        const result = await asAgent(process.execPath, ['-e', PROBE, JSON.stringify(paths)]);
        assert.equal(result.code, 0, result.stderr);
        return JSON.parse(result.stdout) as Record<string, { read: string; write: string }>;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
