/** Shared set-up for the approval tests: a home with a policy, the audit log, and iddio's binary. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import https from 'node:https';
import type { Sandbox } from '../../src/sandbox/index.js';
import { BIN, tempDir } from '../helpers/cli.js';

export interface LoggedEvent {
  stage: string;
  request_id: string;
  decision?: string;
  reason?: string;
  approved_by?: string;
  approval_channel?: string;
  approval_latency_ms?: number;
  exit_code?: number;
  verb?: string;
  resource?: string;
  names?: string[];
}

export function home(policy: {
  timeout?: string;
  channel?: string;
  requireSignature?: boolean;
}): string {
  const dir = tempDir('iddio-approval-');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'policy.yaml'),
    [
      'version: 1',
      'approval:',
      `  timeout: ${policy.timeout ?? '20s'}`,
      `  channel: ${policy.channel ?? 'auto'}`,
      `  require_signature: ${policy.requireSignature === true}`,
      '',
    ].join('\n'),
  );
  return dir;
}

export function events(homeDir: string): LoggedEvent[] {
  let text = '';
  try {
    text = readFileSync(join(homeDir, 'audit', 'audit.ndjson'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as LoggedEvent);
}

/** The env a waiting command runs with (the agent's side). */
export function agentEnv(homeDir: string, kubeconfig: string): Record<string, string> {
  return {
    IDDIO_HOME: homeDir,
    KUBECONFIG: kubeconfig,
    IDDIO_AGENT: 'test-agent',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TERM: 'xterm-256color',
    HOME: homeDir,
  };
}

export const iddioCommand = (args: string[]): string =>
  [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');

/** Current replicas of a deployment, read straight from the sandbox API (not through iddio). */
export function replicas(sandbox: Sandbox, name: string, namespace: string): Promise<number> {
  const url = new URL(`/apis/apps/v1/namespaces/${namespace}/deployments/${name}`, sandbox.url);
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      // Loopback to the sandbox this test started; its CA is generated per run.
      { headers: { Authorization: `Bearer ${sandbox.token}` }, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => {
          try {
            resolve(Number((JSON.parse(body) as { spec: { replicas: number } }).spec.replicas));
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('sandbox read timed out')));
  });
}

export interface Spawned {
  child: ChildProcess;
  /** stdout so far. */
  stdout: () => string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Runs iddio in a new session (setsid): it has no controlling terminal, as under CI or a
 * headless agent, whatever terminal the test runner has. Killed after `timeoutMs`.
 */
export function spawnHeadless(
  args: string[],
  env: Record<string, string>,
  options: { input?: string; timeoutMs?: number } = {},
): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...env, NO_COLOR: '1' },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdin?.end(options.input ?? '');
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    },
  );
  return { child, done, stdout: () => stdout };
}

/** The first pending request file's ID, waited for (bounded). */
export async function pendingRequest(homeDir: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const found = readdirSync(join(homeDir, 'inbox')).find((n) =>
        /^idd_[0-9A-Z]{26}\.json$/.test(n),
      );
      if (found) return found.slice(0, -'.json'.length);
    } catch {
      // Not created yet.
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no request appeared in ${homeDir}/inbox within ${timeoutMs} ms`);
}
