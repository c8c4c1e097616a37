import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/event.js';
import { auditIdFor, newRequestId, REQUEST_ID_PATTERN } from '../../src/audit/request-id.js';
import {
  matchesFilter,
  parseDecision,
  parseDuration,
  parseSince,
  parseTier,
} from '../../src/audit/query.js';
import { describeSegment, outcomeOf, SummaryBuilder } from '../../src/audit/summary.js';

const now = new Date('2026-11-26T12:00:00.000Z');

describe('audit queries', () => {
  it('parses durations and times for --since', () => {
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('7d'), 604_800_000);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseSince('2h', now), Date.parse('2026-11-26T10:00:00.000Z'));
    assert.equal(parseSince('2026-11-25', now), Date.parse('2026-11-25T00:00:00Z'));
    assert.equal(parseSince('2026-11-25T08:00:00+02:00', now), Date.parse('2026-11-25T06:00:00Z'));
    assert.match(String(parseSince('yesterday', now)), /invalid --since/);
  });

  it('parses tiers and decisions strictly', () => {
    assert.equal(parseTier('3', '--tier'), 3);
    assert.equal(parseTier('T4', '--tier'), 4);
    assert.match(String(parseTier('5', '--tier')), /invalid --tier/);
    assert.equal(parseDecision('deny'), 'deny');
    assert.match(parseDecision('maybe'), /invalid --decision/);
  });

  it('filters events', () => {
    const event = {
      v: 1,
      seq: 0,
      ts: '2026-11-26T11:00:00.000Z',
      stage: 'decided',
      request_id: 'idd_x',
      agent: 'a',
      tier: 2,
      decision: 'escalate',
      namespace: 'ns',
      prev_hash: '',
      hash: '',
    } as AuditEvent;
    assert.equal(matchesFilter(event, {}), true);
    assert.equal(
      matchesFilter(event, {
        agent: 'a',
        tier: 2,
        minTier: 2,
        decision: 'escalate',
        namespace: 'ns',
      }),
      true,
    );
    assert.equal(matchesFilter(event, { minTier: 3 }), false);
    assert.equal(matchesFilter(event, { sinceMs: now.getTime() - 30 * 60_000 }), false);
    assert.equal(matchesFilter({ ...event, tier: undefined }, { minTier: 0 }), false);
  });

  it('counts outcomes per command from decided events only', () => {
    const base = {
      v: 1,
      seq: 0,
      ts: '',
      request_id: 'r',
      agent: 'a',
      verb: 'patch',
      tier: 2,
      prev_hash: '',
      hash: '',
    } as const;
    const builder = new SummaryBuilder('agent');
    builder.add({ ...base, stage: 'escalated', decision: 'escalate' });
    builder.add({ ...base, stage: 'decided', decision: 'escalate', approved_by: 'bob' });
    builder.add({ ...base, stage: 'decided', decision: 'deny' });
    builder.add({ ...base, stage: 'completed', exit_code: 0 });
    const [group] = builder.result();
    assert.equal(group?.total, 2);
    assert.equal(
      describeSegment(group!.segments[0]!, 'agent'),
      '2 T2 patches (1 approved, 1 denied)',
    );
    assert.equal(outcomeOf({ ...base, stage: 'decided', decision: 'escalate' }), 'denied');
    assert.equal(outcomeOf({ ...base, stage: 'decided', decision: 'allow' }), 'allowed');
  });

  it('makes request IDs and Audit-IDs per SPEC §7', () => {
    const a = newRequestId();
    const b = newRequestId();
    assert.match(a, REQUEST_ID_PATTERN);
    assert.ok(a < b, 'monotonic');
    assert.equal(
      auditIdFor('idd_01JQ2Z3X4Y5V6W7T8S9R0Q1P2N', 3),
      'idd-01JQ2Z3X4Y5V6W7T8S9R0Q1P2N-3',
    );
    assert.throws(() => auditIdFor(a, 0));
  });
});
