/**
 * One line on its own: the fast canonical check and its slow fallback must agree with JCS on
 * the unusual shapes (hash as the first member, integer-like keys, nested "hash" members).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalize, eventHash } from '../../src/audit/canonical.js';
import { sealEvent } from '../../src/audit/chain.js';
import { checkLine } from '../../src/audit/line.js';

const now = new Date('2026-11-26T08:00:00.000Z');

function lineOf(extra: Record<string, unknown>): string {
  const { line } = sealEvent({ stage: 'admin', request_id: 'idd_x', ...extra }, undefined, now);
  return line.slice(0, -1);
}

function reseal(
  event: Record<string, unknown>,
  text: (e: Record<string, unknown>) => string,
): string {
  const copy = { ...event };
  copy.hash = eventHash(copy);
  return text(copy);
}

describe('audit line check', () => {
  it('accepts a minimal event, whose "hash" is its first member', () => {
    const text = lineOf({});
    assert.ok(text.startsWith('{"hash":'));
    assert.equal(checkLine(text).ok, true);
  });

  it('accepts members the schema does not know, integer-like keys and nested "hash" members', () => {
    const text = lineOf({ x_extra: { '10': 1, '9': 2, hash: 'h' }, agent: 'a' });
    assert.equal(checkLine(text).ok, true);
  });

  it('rejects the same content in a non-canonical order, whatever the hash', () => {
    const event = JSON.parse(lineOf({ agent: 'a', tier: 1 })) as Record<string, unknown>;
    const reordered = reseal(event, (e) => JSON.stringify({ v: e.v, ...e }));
    const check = checkLine(reordered);
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.kind, 'edited');
    assert.match(!check.ok ? check.message : '', /not in canonical form/);
    assert.equal(checkLine(canonicalize(JSON.parse(reordered))).ok, true);
  });

  it('rejects a duplicated member even when the parsed value is unchanged', () => {
    const text = lineOf({ agent: 'a' });
    const doubled = text.replace('"agent":"a"', '"agent":"a","agent":"a"');
    assert.equal(checkLine(doubled).ok, false);
  });

  it('names malformed lines, missing fields and unknown versions', () => {
    const results = ['', '{', '[]', '{"v":2}', '{"v":1}', lineOf({ tier: 9 })].map((t) =>
      checkLine(t),
    );
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.kind)),
      ['malformed', 'malformed', 'field', 'version', 'field', 'field'],
    );
  });
});
