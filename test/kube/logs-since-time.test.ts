/**
 * `logs --since-time` is parsed as Go's time.Parse(time.RFC3339, …) parses it and sent back as
 * UTC with whole seconds; failures are worded as Go's ParseError (the differential lists
 * compare those wordings with kubectl's).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSinceTime } from '../../src/kube/verbs/logs-since-time.js';

const query = (value: string): string => {
  const parsed = parseSinceTime(value);
  assert.ok(parsed.ok, `${value}: ${parsed.ok ? '' : parsed.error}`);
  return parsed.query;
};
const error = (value: string): string => {
  const parsed = parseSinceTime(value);
  assert.ok(!parsed.ok, value);
  return parsed.error;
};

describe('logs --since-time', () => {
  it('sends UTC with whole seconds', () => {
    assert.equal(query('2020-01-01T00:00:00.5+02:00'), '2019-12-31T22:00:00Z');
    assert.equal(query('2020-01-01T00:00:00Z'), '2020-01-01T00:00:00Z');
    assert.equal(query('2020-03-01T01:30:00-01:45'), '2020-03-01T03:15:00Z');
    assert.equal(query('2024-02-29T9:05:07,123456789012Z'), '2024-02-29T09:05:07Z');
    assert.equal(query('2020-01-01T00:00:00+24:60'), '2019-12-30T23:00:00Z');
  });

  it('words failures as Go does', () => {
    const as = '"2006-01-02T15:04:05Z07:00"';
    assert.equal(error('bad'), `parsing time "bad" as ${as}: cannot parse "bad" as "2006"`);
    assert.equal(error('2020-01-01'), `parsing time "2020-01-01" as ${as}: cannot parse "" as "T"`);
    assert.equal(
      error('2020-1-01T00:00:00Z'),
      `parsing time "2020-1-01T00:00:00Z" as ${as}: cannot parse "1-01T00:00:00Z" as "01"`,
    );
    assert.equal(
      error('2020-13-01T00:00:00Z'),
      'parsing time "2020-13-01T00:00:00Z": month out of range',
    );
    assert.equal(
      error('2021-02-29T00:00:00Z'),
      'parsing time "2021-02-29T00:00:00Z": day out of range',
    );
    assert.equal(
      error('2020-01-01T24:00:00Z'),
      'parsing time "2020-01-01T24:00:00Z": hour out of range',
    );
    assert.equal(
      error('2020-01-01T00:00:00Zjunk'),
      'parsing time "2020-01-01T00:00:00Zjunk": extra text: "junk"',
    );
    assert.equal(
      error('2020-01-01T00:00:00+25:00'),
      'parsing time "2020-01-01T00:00:00+25:00": time zone offset hour out of range',
    );
    assert.equal(
      error('2020-01-01T00:00:00*02:00'),
      `parsing time "2020-01-01T00:00:00*02:00" as ${as}: cannot parse "*02:00" as "Z07:00"`,
    );
    assert.equal(
      error('2020-01-01t00:00:00z'),
      `parsing time "2020-01-01t00:00:00z" as ${as}: cannot parse "t00:00:00z" as "T"`,
    );
    assert.equal(error('x\n'), `parsing time "x\\n" as ${as}: cannot parse "x\\n" as "2006"`);
  });
});
