/**
 * Identity resolution (SPEC §3): token → declared → detected → none, and a presented token
 * that does not verify is an error (exit 3), never a downgrade. Token digests are compared
 * with a constant-time function, across every record, without an early exit.
 */
import assert from 'node:assert/strict';
import { createHash, timingSafeEqual } from 'node:crypto';
import { test } from 'node:test';
import { IddioError } from '../../src/common/errors.js';
import { resolveIdentity } from '../../src/identity/resolve.js';
import {
  findTokenOwner,
  generateToken,
  tokenSha256,
  TOKEN_PREFIX,
} from '../../src/identity/token.js';
import type { AgentRecord, AgentRegistry } from '../../src/identity/types.js';

const T = '2026-01-01T00:00:00.000Z';
const good = generateToken();
const revokedToken = generateToken();
const other = generateToken();
const registry: AgentRegistry = {
  source: 'agents.yaml',
  agents: [
    { name: 'ci-bot', sha256: tokenSha256(other), created: T },
    { name: 'claude-code', sha256: tokenSha256(good), created: T },
    {
      name: 'old-bot',
      sha256: tokenSha256(revokedToken),
      created: T,
      revoked: '2026-02-01T00:00:00.000Z',
    },
  ],
};

function refused(env: Record<string, string>, code: string): void {
  assert.throws(
    () => resolveIdentity(env, registry),
    (error: unknown) => {
      assert.ok(error instanceof IddioError);
      assert.equal(error.code, code);
      assert.equal(error.exitCode, 3);
      const token = env.IDDIO_AGENT_TOKEN;
      if (token) assert.ok(!error.message.includes(token.trim()), 'the token is never echoed');
      return true;
    },
  );
}

test('tokens are iddio_ + 256 random bits, base64url, all different', () => {
  const tokens = new Set(Array.from({ length: 200 }, generateToken));
  assert.equal(tokens.size, 200);
  for (const token of tokens) assert.match(token, /^iddio_[A-Za-z0-9_-]{43}$/);
  assert.ok(good.startsWith(TOKEN_PREFIX));
});

test('the stored hash is the SHA-256 hex of the token text', () => {
  assert.equal(tokenSha256('abc'), createHash('sha256').update('abc').digest('hex'));
  assert.equal(
    tokenSha256('abc'),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
});

test('a valid token identifies its agent', () => {
  assert.deepEqual(resolveIdentity({ IDDIO_AGENT_TOKEN: good }, registry), {
    agent: 'claude-code',
    identity: 'token',
  });
  assert.deepEqual(resolveIdentity({ IDDIO_AGENT_TOKEN: other, CLAUDECODE: '1' }, registry), {
    agent: 'ci-bot',
    identity: 'token',
  });
});

test('a token with a matching IDDIO_AGENT is fine; a different one is refused', () => {
  assert.deepEqual(
    resolveIdentity({ IDDIO_AGENT_TOKEN: good, IDDIO_AGENT: 'claude-code' }, registry),
    { agent: 'claude-code', identity: 'token' },
  );
  refused({ IDDIO_AGENT_TOKEN: good, IDDIO_AGENT: 'ci-bot' }, 'agent-mismatch');
});

test('a wrong token is exit 3 (bad-token), even when a weaker identity is available', () => {
  refused({ IDDIO_AGENT_TOKEN: generateToken() }, 'bad-token');
  refused({ IDDIO_AGENT_TOKEN: 'iddio_guess' }, 'bad-token');
  refused({ IDDIO_AGENT_TOKEN: good.slice(0, -1) }, 'bad-token');
  refused({ IDDIO_AGENT_TOKEN: good + ' ' }, 'bad-token');
  refused({ IDDIO_AGENT_TOKEN: tokenSha256(good) }, 'bad-token'); // the hash is not the token
  refused({ IDDIO_AGENT_TOKEN: generateToken(), IDDIO_AGENT: 'claude-code' }, 'bad-token');
  refused({ IDDIO_AGENT_TOKEN: generateToken(), CLAUDECODE: '1' }, 'bad-token');
});

test('a token against an empty registry is exit 3 (bad-token)', () => {
  assert.throws(
    () => resolveIdentity({ IDDIO_AGENT_TOKEN: good }, { source: 'agents.yaml', agents: [] }),
    (error: unknown) =>
      error instanceof IddioError && error.code === 'bad-token' && error.exitCode === 3,
  );
});

test('a revoked token is exit 3 (revoked-token), never a downgrade to declared', () => {
  refused({ IDDIO_AGENT_TOKEN: revokedToken }, 'revoked-token');
  refused({ IDDIO_AGENT_TOKEN: revokedToken, IDDIO_AGENT: 'old-bot' }, 'revoked-token');
  refused({ IDDIO_AGENT_TOKEN: revokedToken, CLAUDECODE: '1' }, 'revoked-token');
});

test('an empty IDDIO_AGENT_TOKEN counts as unset', () => {
  assert.deepEqual(resolveIdentity({ IDDIO_AGENT_TOKEN: '', IDDIO_AGENT: 'x' }, registry), {
    agent: 'x',
    identity: 'declared',
  });
});

test('IDDIO_AGENT declares a name (registered or not); an invalid name is refused', () => {
  assert.deepEqual(resolveIdentity({ IDDIO_AGENT: 'claude-code' }, registry), {
    agent: 'claude-code',
    identity: 'declared',
  });
  assert.deepEqual(resolveIdentity({ IDDIO_AGENT: 'new-agent', CLAUDECODE: '1' }, registry), {
    agent: 'new-agent',
    identity: 'declared',
  });
  for (const bad of ['Claude', 'a b', 'x\u001b[2J', '-x', 'unknown', 'a'.repeat(64)])
    refused({ IDDIO_AGENT: bad }, 'bad-agent-name');
});

test('a recognised agent environment is detected', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ CLAUDECODE: '1' }, 'claude-code'],
    [{ CURSOR_AGENT: '1' }, 'cursor-agent'],
    [{ GEMINI_CLI: '1' }, 'gemini-cli'],
    [{ CODEX_SANDBOX: 'seatbelt' }, 'codex'],
    [{ CODEX_THREAD_ID: 'abc' }, 'codex'],
  ];
  for (const [env, agent] of cases)
    assert.deepEqual(resolveIdentity(env, registry), { agent, identity: 'detected' });
});

test('markers set to "", "0" or "false" are not an agent; nothing at all is unknown/none', () => {
  for (const value of ['', '0', 'false', 'FALSE']) {
    assert.deepEqual(resolveIdentity({ CLAUDECODE: value }, registry), {
      agent: 'unknown',
      identity: 'none',
    });
  }
  assert.deepEqual(resolveIdentity({}, registry), { agent: 'unknown', identity: 'none' });
});

test('token digests are compared with a constant-time function, every record, no early exit', () => {
  const calls: Array<[number, number]> = [];
  const spy = (a: Buffer, b: Buffer): boolean => {
    calls.push([a.length, b.length]);
    return timingSafeEqual(a, b);
  };
  // The first record matches: all three are still compared.
  const owner = findTokenOwner(other, registry.agents, spy);
  assert.equal(owner?.name, 'ci-bot');
  assert.deepEqual(calls, [
    [32, 32],
    [32, 32],
    [32, 32],
  ]);
  calls.length = 0;
  assert.equal(findTokenOwner(generateToken(), registry.agents, spy), undefined);
  assert.equal(calls.length, 3);
  // resolveIdentity passes its comparison down.
  calls.length = 0;
  resolveIdentity({ IDDIO_AGENT_TOKEN: good }, registry, spy);
  assert.equal(calls.length, 3);
});

test('the default comparison is crypto.timingSafeEqual (it throws on unequal lengths; ours never passes those)', () => {
  const broken: AgentRecord[] = [{ name: 'x', sha256: 'abcd', created: T }];
  let seen: Array<[number, number]> = [];
  findTokenOwner(good, broken, (a, b) => {
    seen = [[a.length, b.length]];
    return timingSafeEqual(a, b);
  });
  assert.deepEqual(seen, [[32, 32]]);
  assert.equal(findTokenOwner(good, broken), undefined);
});
