/**
 * `outcome` on escalations' `decided` events: a schema member like any other. Both verifiers
 * accept every defined value and reject any other (re-hashed, so only the field check can
 * tell), and the writer refuses to write one.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_OUTCOMES, type AuditEventInput } from '../../src/audit/event.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { appendAuditEvent } from '../../src/audit/writer.js';
import { buildEvents, pythonVerify, rehashed, sampleInput, tmp, writeLog } from './helpers/log.js';

const escalation = (i: number, outcome: string): AuditEventInput =>
  ({ ...sampleInput(i), decision: 'escalate', outcome }) as AuditEventInput;

describe('the outcome field', () => {
  it('every defined outcome verifies, in both verifiers', async () => {
    const { lines } = buildEvents(AUDIT_OUTCOMES.length, {
      input: (i) => escalation(i, AUDIT_OUTCOMES[i] as string),
    });
    const path = writeLog(join(tmp(), 'audit.ndjson'), lines);
    assert.equal((await verifyLog(path)).ok, true);
    assert.equal(pythonVerify(path).ok, true);
  });

  for (const bad of ['maybe', 'APPROVED', 'timeout', '', 1, null, true]) {
    it(`outcome ${JSON.stringify(bad)} is a field error in both verifiers, and never written`, async () => {
      const { events, lines } = buildEvents(3, { input: (i) => escalation(i, 'declined') });
      const changed = { ...events[1], outcome: bad } as Record<string, unknown>;
      lines[1] = rehashed(changed);
      const path = writeLog(join(tmp(), 'audit.ndjson'), lines);
      const report = await verifyLog(path);
      assert.equal(report.ok, false);
      assert.equal(report.failure?.kind, 'field', report.failure?.message);
      assert.equal(report.failure?.line, 2);
      const py = pythonVerify(path);
      assert.equal(py.ok, false);
      assert.equal(py.line, 2, String(py.reason));
      await assert.rejects(
        appendAuditEvent(join(tmp(), 'audit.ndjson'), escalation(0, bad as string)),
        /invalid audit event/,
      );
    });
  }
});
