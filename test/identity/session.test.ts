import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { IddioError } from '../../src/common/errors.js';
import {
  emptySessionState,
  explicitSession,
  nextSession,
  SESSION_GAP_MS,
} from '../../src/identity/session.js';
import { resolveSession, sessionAnchor } from '../../src/identity/session-store.js';
import { tempDir } from '../helpers/cli.js';

function ids(): () => string {
  let n = 0;
  return () => `ses_${++n}`;
}

test('commands by one agent under one anchor within the gap share a session', () => {
  const newId = ids();
  const a = nextSession(emptySessionState(), { agent: 'a', anchor: 10, now: 0 }, newId);
  const b = nextSession(a.state, { agent: 'a', anchor: 10, now: SESSION_GAP_MS }, newId);
  const c = nextSession(b.state, { agent: 'a', anchor: 10, now: 2 * SESSION_GAP_MS }, newId);
  assert.deepEqual([a.session, b.session, c.session], ['ses_1', 'ses_1', 'ses_1']);
  assert.equal(c.state.sessions.length, 1);
});

test('a gap longer than the limit starts a new session, and expired entries are dropped', () => {
  const newId = ids();
  const a = nextSession(emptySessionState(), { agent: 'a', anchor: 10, now: 0 }, newId);
  const other = nextSession(a.state, { agent: 'b', anchor: 11, now: 1 }, newId);
  const b = nextSession(other.state, { agent: 'a', anchor: 10, now: SESSION_GAP_MS + 2 }, newId);
  assert.equal(b.session, 'ses_3');
  assert.deepEqual(
    b.state.sessions.map((s) => s.id),
    ['ses_3'],
  );
});

test('a different agent or anchor is a different session', () => {
  const newId = ids();
  const a = nextSession(emptySessionState(), { agent: 'a', anchor: 10, now: 0 }, newId);
  const b = nextSession(a.state, { agent: 'b', anchor: 10, now: 1 }, newId);
  const c = nextSession(b.state, { agent: 'a', anchor: 12, now: 2 }, newId);
  const d = nextSession(c.state, { agent: 'a', anchor: 10, now: 3 }, newId);
  assert.deepEqual(
    [a.session, b.session, c.session, d.session],
    ['ses_1', 'ses_2', 'ses_3', 'ses_1'],
  );
});

test('IDDIO_SESSION is used as given when well-formed, refused (exit 2) otherwise', () => {
  assert.equal(explicitSession('deploy-42:run.1'), 'deploy-42:run.1');
  for (const bad of ['a b', 'x\u001b]0;t\u0007', 'a/b', 'x'.repeat(129)]) {
    assert.throws(
      () => explicitSession(bad),
      (e: unknown) => e instanceof IddioError && e.code === 'bad-session' && e.exitCode === 2,
    );
  }
});

test('resolveSession remembers a derived session in its state file and survives a damaged one', () => {
  const statePath = join(tempDir(), 'cache', 'sessions.json');
  const first = resolveSession({
    explicit: undefined,
    agent: 'a',
    ppid: process.pid,
    statePath,
    now: 1000,
  });
  const second = resolveSession({
    explicit: '',
    agent: 'a',
    ppid: process.pid,
    statePath,
    now: 2000,
  });
  assert.match(first, /^ses_[0-9A-Z]{26}$/);
  assert.equal(second, first);
  assert.equal(JSON.parse(readFileSync(statePath, 'utf8')).sessions[0].last, 2000);
  assert.equal(
    resolveSession({ explicit: 'mine', agent: 'a', ppid: process.pid, statePath }),
    'mine',
  );
  writeFileSync(statePath, '{not json');
  assert.notEqual(
    resolveSession({ explicit: undefined, agent: 'a', ppid: process.pid, statePath, now: 3000 }),
    first,
  );
});

test('the session anchor skips shells up to the first non-shell ancestor', () => {
  // This test process is node, not a shell: it anchors itself.
  assert.equal(sessionAnchor(process.pid), process.pid);
  assert.equal(sessionAnchor(2 ** 30), 2 ** 30, 'a process that does not exist anchors itself');
});
