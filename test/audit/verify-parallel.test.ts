/**
 * The worker-thread fast path must reach the same verdict as the sequential verifier: intact
 * logs pass with the same head, and any anomaly falls back to the sequential report.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rotatedName } from '../../src/audit/files.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { verifyParallel } from '../../src/audit/verify-parallel.js';
import { buildEvents, tmp, writeLog } from './helpers/log.js';

const { events, lines } = buildEvents(2000);
const both = { parallelMinBytes: 0 };

describe('audit verify: parallel fast path', () => {
  it('agrees with the sequential verifier on an intact rotated log', async () => {
    const log = join(tmp(), 'audit.ndjson');
    writeLog(rotatedName(log, '2026-11-25', 0), lines.slice(0, 800));
    writeLog(log, lines.slice(800));
    const checkpoint = events[1500];
    const fast = await verifyLog(log, { ...both, checkpoint });
    const slow = await verifyLog(log, { parallel: false, checkpoint });
    assert.equal(fast.ok, true);
    assert.deepEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(slow)));
    assert.equal(fast.events, 2000);
  });

  it('gives up on any anomaly, and the fallback names it exactly', async () => {
    const deleted = writeLog(
      join(tmp(), 'audit.ndjson'),
      lines.filter((_, i) => i !== 1500),
    );
    const report = await verifyLog(deleted, both);
    assert.equal(report.failure?.kind, 'deleted');
    assert.equal(report.failure?.line, 1501);

    const torn = [...lines.slice(0, -1), (lines[1999] as string).slice(0, 50)];
    assert.equal(await verifyParallel([writeLog(join(tmp(), 'audit.ndjson'), torn)], 1), undefined);

    const short = writeLog(join(tmp(), 'audit.ndjson'), lines.slice(0, 1000));
    assert.equal(await verifyParallel([short], 1, { checkpoint: events[1500] }), undefined);
  });
});
