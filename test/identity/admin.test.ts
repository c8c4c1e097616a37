/**
 * The credential lifecycle's ordering: no audit, no change; a failure after the audit event
 * is recorded as a failure; the token is only returned when everything succeeded.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { IddioError } from '../../src/common/errors.js';
import { addAgent, revokeAgent, type AdminRecord } from '../../src/identity/admin.js';
import { lastSeenByAgent } from '../../src/identity/last-seen.js';
import { readRegistry } from '../../src/identity/store.js';
import { tokenSha256 } from '../../src/identity/token.js';
import type { AuditEvent } from '../../src/audit/event.js';
import { tempDir } from '../helpers/cli.js';

const now = new Date('2026-05-01T12:00:00.000Z');

function recorder(): { records: AdminRecord[]; audit: (r: AdminRecord) => Promise<void> } {
  const records: AdminRecord[] = [];
  return { records, audit: async (record) => void records.push(record) };
}

test('add records the event, stores only the hash, and returns the token', async () => {
  const registryPath = join(tempDir(), 'agents.yaml');
  const { records, audit } = recorder();
  const added = await addAgent({ registryPath, name: 'claude-code', now, audit });
  assert.equal(added.sha256, tokenSha256(added.token));
  assert.deepEqual(readRegistry(registryPath).agents, [
    { name: 'claude-code', sha256: added.sha256, created: now.toISOString() },
  ]);
  assert.ok(!readFileSync(registryPath, 'utf8').includes(added.token));
  assert.deepEqual(records, [
    {
      verb: 'add',
      name: 'claude-code',
      reason: `token issued (sha256 ${added.sha256.slice(0, 12)})`,
    },
  ]);
});

test('when the audit event cannot be written, nothing changes (no audit, no change)', async () => {
  const registryPath = join(tempDir(), 'agents.yaml');
  const failing = async (): Promise<void> => {
    throw new IddioError('audit log not written', { code: 'audit-write', exitCode: 5 });
  };
  await assert.rejects(
    addAgent({ registryPath, name: 'a', now, audit: failing }),
    (e: unknown) => e instanceof IddioError && e.exitCode === 5,
  );
  assert.equal(readRegistry(registryPath).agents.length, 0);

  const { audit } = recorder();
  await addAgent({ registryPath, name: 'a', now, audit });
  const before = readFileSync(registryPath, 'utf8');
  await assert.rejects(
    revokeAgent({ registryPath, name: 'a', now, audit: failing }),
    (e: unknown) => e instanceof IddioError && e.exitCode === 5,
  );
  assert.equal(readFileSync(registryPath, 'utf8'), before);
  assert.equal(readRegistry(registryPath).agents[0]?.revoked, undefined);
});

test('invalid or duplicate requests are refused before anything is audited', async () => {
  const registryPath = join(tempDir(), 'agents.yaml');
  const { records, audit } = recorder();
  await assert.rejects(
    addAgent({ registryPath, name: 'Bad Name', now, audit }),
    (e: unknown) => e instanceof IddioError && e.code === 'bad-agent-name',
  );
  await addAgent({ registryPath, name: 'a', now, audit });
  await assert.rejects(
    addAgent({ registryPath, name: 'a', now, audit }),
    (e: unknown) => e instanceof IddioError && e.code === 'agent-exists',
  );
  await assert.rejects(
    revokeAgent({ registryPath, name: 'b', now, audit }),
    (e: unknown) => e instanceof IddioError && e.code === 'agent-unknown',
  );
  assert.equal(records.length, 1);
  assert.equal(existsSync(`${registryPath}.lock`), false, 'the lock is released after a refusal');
});

test('a write that fails after the event was recorded is recorded as failed, and no token is returned', async () => {
  const dir = join(tempDir(), 'home');
  const registryPath = join(dir, 'agents.yaml');
  const records: AdminRecord[] = [];
  const audit = async (record: AdminRecord): Promise<void> => {
    records.push(record);
    if (records.length === 1) rmSync(dir, { recursive: true }); // the write that follows fails
  };
  await assert.rejects(addAgent({ registryPath, name: 'a', now, audit }));
  assert.equal(records.length, 2);
  assert.equal(records[1]?.verb, 'add');
  assert.match(records[1]?.reason ?? '', /^FAILED after being recorded/);
});

test('revoke marks the agent revoked at the given time and records the hash fingerprint', async () => {
  const registryPath = join(tempDir(), 'agents.yaml');
  const { records, audit } = recorder();
  const added = await addAgent({ registryPath, name: 'a', now, audit });
  await revokeAgent({ registryPath, name: 'a', now: new Date('2026-05-02T00:00:00.000Z'), audit });
  assert.equal(readRegistry(registryPath).agents[0]?.revoked, '2026-05-02T00:00:00.000Z');
  assert.equal(records[1]?.reason, `token revoked (sha256 ${added.sha256.slice(0, 12)})`);
});

test('last seen counts only token-identified, non-admin events, newest wins', async () => {
  const event = (
    agent: string,
    identity: AuditEvent['identity'],
    stage: AuditEvent['stage'],
    ts: string,
  ) => ({
    event: { agent, identity, stage, ts } as AuditEvent,
  });
  async function* log() {
    yield event('a', 'token', 'decided', '2026-01-01T00:00:00.000Z');
    yield event('a', 'token', 'completed', '2026-01-02T00:00:00.000Z');
    yield event('a', 'declared', 'decided', '2026-01-03T00:00:00.000Z');
    yield event('a', 'token', 'admin', '2026-01-04T00:00:00.000Z');
    yield event('b', 'detected', 'decided', '2026-01-05T00:00:00.000Z');
  }
  const seen = await lastSeenByAgent(log());
  assert.deepEqual([...seen], [['a', '2026-01-02T00:00:00.000Z']]);
});

test('last seen of a name revoked and added again counts only the new entry’s token', async () => {
  const event = (ts: string) => ({
    event: { agent: 'a', identity: 'token', stage: 'decided', ts } as AuditEvent,
  });
  async function* log() {
    yield event('2026-01-01T00:00:00.000Z'); // the old token, before the name was reissued
  }
  const reissued = new Map([['a', '2026-02-01T00:00:00.000Z']]);
  assert.deepEqual([...(await lastSeenByAgent(log(), reissued))], []);
  async function* later() {
    yield event('2026-01-01T00:00:00.000Z');
    yield event('2026-02-02T00:00:00.000Z');
  }
  assert.deepEqual(
    [...(await lastSeenByAgent(later(), reissued))],
    [['a', '2026-02-02T00:00:00.000Z']],
  );
});
