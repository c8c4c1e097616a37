/**
 * kubernetes-mcp-server 0.0.67, the Go binary its npm package ships per platform. It is not a
 * dependency (its package lists a platform package for every OS, which a lockfile made on one
 * machine cannot all name): the one for this platform is fetched from the npm registry with
 * `npm pack` once into .cache/, atomically, like the kubectl binary.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export const MCP_SERVER_VERSION = '0.0.67';

export function mcpServerPath(): string {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  const os = { linux: 'linux', darwin: 'darwin' }[process.platform as string];
  if (arch === undefined || os === undefined) {
    throw new Error(`kubernetes-mcp-server has no binary for ${process.platform}/${process.arch}`);
  }
  const name = `kubernetes-mcp-server-${os}-${arch}`;
  const dir = join(ROOT, '.cache', 'mcp', MCP_SERVER_VERSION);
  const target = join(dir, name);
  if (existsSync(target)) return target;
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, '.fetch-'));
  try {
    execFileSync('npm', ['pack', '--silent', `${name}@${MCP_SERVER_VERSION}`], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 120_000,
    });
    execFileSync('tar', ['-xzf', `${name}-${MCP_SERVER_VERSION}.tgz`], { cwd: work });
    const binary = join(work, 'package', 'bin', name);
    chmodSync(binary, 0o755);
    renameSync(binary, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}
