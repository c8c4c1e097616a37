/**
 * agents.yaml survives a writer killed at any moment: after SIGKILL the file is always a
 * complete, parseable registry, and the next change goes through once the dead writer's
 * lock goes stale.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { withAgent } from '../../src/identity/registry.js';
import { readRegistry, updateRegistry } from '../../src/identity/store.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const WRITER = `
import { updateRegistry } from './src/identity/store.ts';
import { withAgent } from './src/identity/registry.ts';
const path = process.argv[1];
process.stdout.write('ready\\n');
for (let i = 0; ; i++) {
  await updateRegistry(path, async (current) => ({
    registry: withAgent(current, 'agent-' + process.pid + '-' + i, 'a'.repeat(64), new Date().toISOString()),
    result: undefined,
  }));
}
`;

function runAndKill(path: string, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', WRITER, path],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.on('error', reject);
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('exit', () => resolve());
  });
}

test(
  'a writer killed mid-update never leaves a corrupt agents.yaml',
  { timeout: 60_000 },
  async () => {
    const path = join(tempDir(), 'agents.yaml');
    let previous = 0;
    for (const delay of [40, 90, 150, 220]) {
      await runAndKill(path, delay);
      const registry = readRegistry(path); // throws on a torn or corrupt file
      assert.ok(registry.agents.length >= previous, 'no completed update is lost');
      previous = registry.agents.length;
    }
    assert.ok(previous > 0, 'the writers made progress before being killed');
    // The dead writer's lock goes stale and the next change succeeds.
    const started = Date.now();
    await updateRegistry(path, async (current) => ({
      registry: withAgent(current, 'after-crash', 'b'.repeat(64), new Date().toISOString()),
      result: undefined,
    }));
    assert.ok(readRegistry(path).agents.some((agent) => agent.name === 'after-crash'));
    assert.ok(Date.now() - started < 15_000);
  },
);
