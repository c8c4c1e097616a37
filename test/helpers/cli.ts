/**
 * Runs the built entry point (bin/iddio.js → dist/) as a user would, with IDDIO_HOME in a
 * fresh temporary directory unless the caller gives one. `npm test` builds before testing;
 * when running one file by hand, run `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'iddio.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'iddio-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runIddio(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, IDDIO_HOME: tempDir(), NO_COLOR: '1' };
  delete env.CLAUDECODE;
  delete env.IDDIO_AGENT;
  delete env.IDDIO_AGENT_TOKEN;
  delete env.IDDIO_AUDIT_LOG;
  Object.assign(env, options.env);
  return runProcess(process.execPath, [BIN, ...args], { ...options, env });
}

export function runProcess(
  file: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    input?: string;
    cwd?: string;
    timeoutMs?: number;
    /** In a new session, without a controlling terminal (as under CI or an agent's runner). */
    detached?: boolean;
  } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      detached: options.detached,
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
    // A child that never reads its stdin may exit before the write lands: EPIPE is no failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
