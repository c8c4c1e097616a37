/**
 * Checkpoints catch what a bare chain cannot: truncation and wholesale rewrites. A signed
 * checkpoint cannot be altered, forged with another key, or stripped of its signature.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  checkCheckpointSignature,
  checkpointKeyPaths,
  initCheckpointKey,
  makeCheckpoint,
  parseCheckpoint,
  type Checkpoint,
} from '../../src/audit/checkpoint.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { buildEvents, tmp, writeLog } from './helpers/log.js';

const { events, lines } = buildEvents(40);
const at = events[29] as { seq: number; hash: string };

describe('audit checkpoints', () => {
  it('holds on the intact log and on the log grown since', async () => {
    const dir = tmp();
    const path = writeLog(join(dir, 'a.ndjson'), lines.slice(0, 30));
    assert.equal((await verifyLog(path, { checkpoint: at })).ok, true);
    writeLog(path, lines);
    assert.equal((await verifyLog(path, { checkpoint: at })).ok, true);
  });

  it('truncated: the log was cut before the checkpoint (the bare chain still verifies)', async () => {
    const path = writeLog(join(tmp(), 'a.ndjson'), lines.slice(0, 25));
    assert.equal((await verifyLog(path)).ok, true);
    const report = await verifyLog(path, { checkpoint: at });
    assert.equal(report.failure?.kind, 'truncated');
    assert.match(report.failure?.message ?? '', /ends at seq 24 .* seq 29/);
  });

  it('rewritten: a whole new, internally valid chain in place of the old one', async () => {
    const forged = buildEvents(40, {
      input: (i) => ({ stage: 'decided', request_id: `idd_${i}`, agent: 'innocent' }),
    });
    const path = writeLog(join(tmp(), 'a.ndjson'), forged.lines);
    assert.equal((await verifyLog(path)).ok, true);
    const report = await verifyLog(path, { checkpoint: at });
    assert.equal(report.failure?.kind, 'rewritten');
    assert.equal(report.failure?.line, 30);
    assert.equal(report.failure?.seq, 29);
  });

  it('signs with the key under $IDDIO_HOME and never overwrites it', () => {
    const home = tmp();
    assert.equal(initCheckpointKey(home), true);
    const before = readFileSync(checkpointKeyPaths(home).privateKey, 'utf8');
    assert.equal(initCheckpointKey(home), false);
    assert.equal(readFileSync(checkpointKeyPaths(home).privateKey, 'utf8'), before);
  });

  it('accepts a good signature and rejects an altered, foreign-key or stripped one', () => {
    const home = tmp();
    initCheckpointKey(home);
    const privateKey = readFileSync(checkpointKeyPaths(home).privateKey, 'utf8');
    const publicKey = readFileSync(checkpointKeyPaths(home).publicKey, 'utf8');
    const cp = makeCheckpoint({ file: 'audit.ndjson', ...at }, new Date(), privateKey);
    const roundTrip = parseCheckpoint(JSON.stringify(cp)) as Checkpoint;
    assert.equal(checkCheckpointSignature(roundTrip, publicKey), undefined);

    assert.match(
      checkCheckpointSignature({ ...cp, seq: 25 }, publicKey) ?? '',
      /bad checkpoint signature/,
    );
    const other = tmp();
    initCheckpointKey(other);
    const foreign = makeCheckpoint(
      { file: 'audit.ndjson', ...at },
      new Date(),
      readFileSync(checkpointKeyPaths(other).privateKey, 'utf8'),
    );
    assert.match(checkCheckpointSignature(foreign, publicKey) ?? '', /different key/);
    const { sig: _sig, key_id: _id, ...stripped } = cp;
    assert.match(checkCheckpointSignature(stripped as Checkpoint, publicKey) ?? '', /not signed/);
    assert.match(checkCheckpointSignature(cp, undefined) ?? '', /no checkpoint public key/);
    assert.equal(checkCheckpointSignature(stripped as Checkpoint, undefined), undefined);
  });

  it('rejects checkpoint files that are not checkpoints', () => {
    for (const bad of [
      'nope',
      '[]',
      '{"v":2}',
      '{"v":1,"file":"a","seq":-1,"hash":"00","ts":"x"}',
    ]) {
      assert.equal(typeof parseCheckpoint(bad), 'string', bad);
    }
  });
});
