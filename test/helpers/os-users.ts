/**
 * Operating-system users for tests that prove privilege separation: created once (idempotent,
 * `useradd --system`, no home, no login shell) and processes run as them through
 * child_process's uid/gid options (libuv also drops the parent's supplementary groups, so a
 * child of root keeps no root group). Only root can do either: a test that needs them fails
 * with one clear line elsewhere rather than skipping, because skipping would hide that the
 * boundary was never checked.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { RunResult } from './cli.js';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function lookup(name: string): OsUser | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export function ensureOsUser(name: string): OsUser {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `this test creates the OS user ${name} and runs processes as it, which needs root ` +
        `(CI runs it as root); run it as root, e.g. sudo node test/run.mjs <file>`,
    );
  }
  const existing = lookup(name);
  if (existing) return existing;
  const added = spawnSync(
    'useradd',
    ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name],
    { encoding: 'utf8' },
  );
  // Another test process may have added it meanwhile: look again before giving up.
  const user = lookup(name);
  if (!user) throw new Error(`useradd ${name} failed: ${added.stderr || added.error?.message}`);
  return user;
}

/** Runs `file args` as `user` with exactly `env`, collecting its output. */
export function runAs(
  user: OsUser,
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      uid: user.uid,
      gid: user.gid,
      env: options.env,
      cwd: options.cwd ?? '/',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
