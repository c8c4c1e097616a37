/**
 * agents.yaml: round trips, the pure add/revoke edits, line-numbered errors for malformed
 * files, atomic 0600 writes, and no lost update when two changes race.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { IddioError } from '../../src/common/errors.js';
import {
  emptyRegistry,
  parseRegistry,
  serializeRegistry,
  withAgent,
  withRevoked,
} from '../../src/identity/registry.js';
import { readRegistry, updateRegistry } from '../../src/identity/store.js';
import { ConfigError } from '../../src/policy/yaml-source.js';
import { tempDir } from '../helpers/cli.js';

const SHA = 'a'.repeat(64);
const T = '2026-01-01T00:00:00.000Z';

test('serialize → parse is the identity on any registry', () => {
  const name = fc
    .stringMatching(/^[a-z0-9](?:[a-z0-9._-]{0,10}[a-z0-9])?$/)
    .filter((n) => n !== 'unknown');
  const record = fc
    .record(
      {
        name,
        sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
        created: fc
          .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
          .map((d) => d.toISOString()),
        revoked: fc
          .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
          .map((d) => d.toISOString()),
      },
      { requiredKeys: ['name', 'sha256', 'created'] },
    )
    .map((r) => ({ ...r })); // fast-check may build null-prototype objects
  fc.assert(
    fc.property(fc.uniqueArray(record, { selector: (r) => r.name, maxLength: 6 }), (agents) => {
      const registry = { source: 'agents.yaml', agents };
      assert.deepEqual(parseRegistry(serializeRegistry(registry), 'agents.yaml'), registry);
    }),
    { numRuns: 300 },
  );
});

test('an absent, empty or agent-less file is an empty registry', () => {
  assert.deepEqual(readRegistry(join(tempDir(), 'agents.yaml')).agents, []);
  assert.deepEqual(parseRegistry('', 'f').agents, []);
  assert.deepEqual(parseRegistry('version: 1\nagents: {}\n', 'f').agents, []);
  assert.deepEqual(parseRegistry('version: 1\nagents:\n', 'f').agents, []);
});

const MALFORMED: Array<[string, string, string, number]> = [
  ['broken YAML', 'version: 1\nagents:\n  a: {sha256: x\n', 'agents-parse', 4],
  [
    'a duplicate agent',
    `version: 1\nagents:\n  a: { sha256: ${SHA}, created: "${T}" }\n  a: { sha256: ${SHA}, created: "${T}" }\n`,
    'agents-parse',
    4,
  ],
  ['a missing version', 'agents: {}\n', 'agents-version', 1],
  ['version 2', 'version: 2\nagents: {}\n', 'agents-version', 1],
  ['an unknown top-level key', 'version: 1\nagent: {}\n', 'agents-unknown-key', 2],
  [
    'an unknown agent key',
    `version: 1\nagents:\n  a:\n    sha256: ${SHA}\n    created: "${T}"\n    token: iddio_x\n`,
    'agents-unknown-key',
    6,
  ],
  [
    'a short hash',
    `version: 1\nagents:\n  a:\n    sha256: abc\n    created: "${T}"\n`,
    'agents-bad-value',
    4,
  ],
  [
    'an upper-case hash',
    `version: 1\nagents:\n  a:\n    sha256: ${'A'.repeat(64)}\n    created: "${T}"\n`,
    'agents-bad-value',
    4,
  ],
  ['no hash', `version: 1\nagents:\n  a:\n    created: "${T}"\n`, 'agents-bad-value', 3],
  ['no created time', `version: 1\nagents:\n  a:\n    sha256: ${SHA}\n`, 'agents-bad-value', 3],
  [
    'a bad created time',
    `version: 1\nagents:\n  a:\n    sha256: ${SHA}\n    created: yesterday\n`,
    'agents-bad-value',
    5,
  ],
  [
    'a bad revoked time',
    `version: 1\nagents:\n  a:\n    sha256: ${SHA}\n    created: "${T}"\n    revoked: true\n`,
    'agents-bad-value',
    6,
  ],
  [
    'a bad agent name',
    `version: 1\nagents:\n  "A B":\n    sha256: ${SHA}\n    created: "${T}"\n`,
    'agents-bad-value',
    3,
  ],
  ['agents as a list', 'version: 1\nagents:\n  - a\n', 'agents-bad-value', 3],
];

test('a malformed agents.yaml is exit 3 with file and line', async (t) => {
  for (const [what, text, code, line] of MALFORMED) {
    await t.test(what, () => {
      assert.throws(
        () => parseRegistry(text, '/h/agents.yaml'),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, String(error));
          assert.equal(error.code, code, error.message);
          assert.equal(error.line, line, error.message);
          assert.equal(error.exitCode, 3);
          assert.ok(error.message.startsWith(`/h/agents.yaml:${line}: `), error.message);
          return true;
        },
      );
    });
  }
});

test('withAgent validates names and refuses an active duplicate; a revoked name only with reissue', () => {
  let registry = withAgent(emptyRegistry('f'), 'claude-code', SHA, T);
  assert.deepEqual(registry.agents, [{ name: 'claude-code', sha256: SHA, created: T }]);
  assert.throws(
    () => withAgent(registry, 'claude-code', 'b'.repeat(64), T),
    (e: unknown) => e instanceof IddioError && e.code === 'agent-exists' && e.exitCode === 2,
  );
  for (const bad of ['', 'Claude', 'a b', 'unknown', '-a', 'a-', 'x'.repeat(64), 'a\u001b[2J']) {
    assert.throws(
      () => withAgent(registry, bad, SHA, T),
      (e: unknown) => e instanceof IddioError && e.code === 'bad-agent-name' && e.exitCode === 2,
      bad,
    );
  }
  registry = withRevoked(registry, 'claude-code', '2026-02-01T00:00:00.000Z');
  assert.equal(registry.agents[0]?.revoked, '2026-02-01T00:00:00.000Z');
  assert.throws(
    () => withAgent(registry, 'claude-code', 'c'.repeat(64), '2026-03-01T00:00:00.000Z'),
    (e: unknown) =>
      e instanceof IddioError && e.code === 'agent-revoked' && /--reissue/.test(e.message),
  );
  assert.throws(
    () => withAgent(registry, 'never-added', SHA, T, true),
    (e: unknown) => e instanceof IddioError && e.code === 'agent-unknown',
  );
  registry = withAgent(registry, 'claude-code', 'c'.repeat(64), '2026-03-01T00:00:00.000Z', true);
  assert.deepEqual(registry.agents, [
    { name: 'claude-code', sha256: 'c'.repeat(64), created: '2026-03-01T00:00:00.000Z' },
  ]);
});

test('withRevoked refuses an unknown or already revoked agent', () => {
  const registry = withRevoked(withAgent(emptyRegistry('f'), 'a', SHA, T), 'a', T);
  assert.throws(
    () => withRevoked(registry, 'b', T),
    (e: unknown) => e instanceof IddioError && e.code === 'agent-unknown',
  );
  assert.throws(
    () => withRevoked(registry, 'a', T),
    (e: unknown) => e instanceof IddioError && e.code === 'agent-revoked',
  );
});

test('updateRegistry writes 0600 atomically, leaves no temp files, and a throwing change writes nothing', async () => {
  const dir = tempDir();
  const path = join(dir, 'agents.yaml');
  await updateRegistry(path, async (current) => ({
    registry: withAgent(current, 'a', SHA, T),
    result: undefined,
  }));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const before = readFileSync(path, 'utf8');
  await assert.rejects(
    updateRegistry(path, async () => {
      throw new Error('audit failed');
    }),
    /audit failed/,
  );
  assert.equal(readFileSync(path, 'utf8'), before);
  assert.deepEqual(readdirSync(dir).sort(), ['agents.yaml']);
});

test('concurrent updates never lose an agent', async () => {
  const path = join(tempDir(), 'agents.yaml');
  const names = Array.from({ length: 12 }, (_, i) => `agent-${i}`);
  await Promise.all(
    names.map((name) =>
      updateRegistry(path, async (current) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { registry: withAgent(current, name, SHA, T), result: undefined };
      }),
    ),
  );
  assert.deepEqual(
    readRegistry(path)
      .agents.map((a) => a.name)
      .sort(),
    [...names].sort(),
  );
});

test('readRegistry reports a malformed file on disk with its path', () => {
  const path = join(tempDir(), 'agents.yaml');
  writeFileSync(path, 'version: 1\nagents:\n  a: [\n');
  assert.throws(
    () => readRegistry(path),
    (e: unknown) => e instanceof ConfigError && e.file === path && e.code === 'agents-parse',
  );
});

test('names and hashes that look like numbers survive a round trip', () => {
  const registry = {
    source: 'f',
    agents: [
      { name: '00', sha256: '1'.repeat(64), created: T },
      { name: '007', sha256: `12e4${'5'.repeat(60)}`, created: T },
    ],
  };
  assert.deepEqual(parseRegistry(serializeRegistry(registry), 'f'), registry);
});
