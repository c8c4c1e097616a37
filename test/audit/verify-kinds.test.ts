/**
 * Hostile fixtures: an intact log and mutated copies, one per failure kind. Each must fail with
 * the right kind at the right line, and the independent Python verifier must agree on the
 * verdict and the line.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/event.js';
import { rotatedName } from '../../src/audit/files.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import type { FailureKind } from '../../src/audit/verify.js';
import { buildEvents, pythonVerify, rehashed, tmp, writeLog } from './helpers/log.js';

const { events, lines } = buildEvents(30);
const dir = tmp();
let n = 0;

function mutate(change: (lines: string[], events: AuditEvent[]) => string[]): string {
  return writeLog(
    join(dir, `case-${n++}.ndjson`),
    change(
      [...lines],
      events.map((e) => ({ ...e })),
    ),
  );
}

async function expectFailure(
  path: string,
  kind: FailureKind,
  line: number,
  file = path,
): Promise<void> {
  const report = await verifyLog(path);
  assert.equal(report.ok, false, 'verify must fail');
  assert.equal(report.failure?.kind, kind, report.failure?.message);
  assert.equal(report.failure?.line, line, report.failure?.message);
  assert.equal(report.failure?.file, file);
  const py = pythonVerify(path);
  assert.equal(py.ok, false, 'the Python verifier must fail too');
  assert.equal(py.line, line, `python: ${py.reason}`);
  assert.equal(py.file, file);
}

describe('audit verify: hostile fixtures', () => {
  it('passes the intact log, and so does the Python verifier', async () => {
    const path = mutate((l) => l);
    const report = await verifyLog(path);
    assert.equal(report.ok, true, report.failure?.message);
    assert.equal(report.events, 30);
    assert.equal(report.lastSeq, 29);
    assert.deepEqual(pythonVerify(path), {
      ok: true,
      events: 30,
      file: null,
      line: null,
      reason: null,
    });
  });

  it('edited: a value changed without re-hashing', async () => {
    await expectFailure(
      mutate((l) => ((l[4] = (l[4] as string).replace('"agent":"', '"agent":"x')), l)),
      'edited',
      5,
    );
  });

  it('edited: a value changed and re-hashed breaks the next link', async () => {
    const path = mutate((l, e) => ((l[4] = rehashed({ ...e[4], namespace: 'kube-system' })), l));
    await expectFailure(path, 'edited', 6);
  });

  it('edited: same value, non-canonical bytes (an escaped letter)', async () => {
    const path = mutate(
      (l) => ((l[9] = (l[9] as string).replace('"stage":"decided"', '"stage":"d\\u0065cided"')), l),
    );
    await expectFailure(path, 'edited', 10);
  });

  it('edited: members reordered, so the hash still matches but the bytes are not canonical', async () => {
    const path = mutate((l, e) => {
      const { v, ...rest } = e[12] as AuditEvent;
      l[12] = `${JSON.stringify({ v, ...rest })}\n`;
      return l;
    });
    await expectFailure(path, 'edited', 13);
  });

  it('inserted: a fabricated event chained in before a real one', async () => {
    const path = mutate((l, e) => {
      const fake = { ...e[4], agent: 'intruder', prev_hash: (e[3] as AuditEvent).hash };
      l.splice(4, 0, rehashed(fake));
      return l;
    });
    await expectFailure(path, 'inserted', 6);
  });

  it('inserted: a foreign event dropped between two lines', async () => {
    const foreign = buildEvents(3, { head: { seq: 99, hash: 'f'.repeat(64) } }).lines[1] as string;
    await expectFailure(
      mutate((l) => (l.splice(10, 0, foreign), l)),
      'inserted',
      11,
    );
  });

  it('deleted: a line removed from the middle', async () => {
    await expectFailure(
      mutate((l) => (l.splice(12, 1), l)),
      'deleted',
      13,
    );
  });

  it('deleted: several lines removed', async () => {
    await expectFailure(
      mutate((l) => (l.splice(3, 5), l)),
      'deleted',
      4,
    );
  });

  it('deleted: the first lines removed', async () => {
    await expectFailure(
      mutate((l) => l.slice(2)),
      'deleted',
      1,
    );
  });

  it('reordered: two lines swapped', async () => {
    const path = mutate((l) => {
      [l[4], l[7]] = [l[7] as string, l[4] as string];
      return l;
    });
    await expectFailure(path, 'reordered', 5);
  });

  it('reordered: two adjacent lines swapped, also at the very end', async () => {
    const swap = (a: number) =>
      mutate((l) => {
        [l[a], l[a + 1]] = [l[a + 1] as string, l[a] as string];
        return l;
      });
    await expectFailure(swap(15), 'reordered', 16);
    await expectFailure(swap(28), 'reordered', 29);
  });

  it('duplicated: a line repeated, right after itself or later', async () => {
    await expectFailure(
      mutate((l) => (l.splice(6, 0, l[5] as string), l)),
      'duplicated',
      7,
    );
    await expectFailure(
      mutate((l) => (l.splice(20, 0, l[2] as string), l)),
      'duplicated',
      21,
    );
  });

  it('malformed: broken JSON, an empty line, bytes that are not UTF-8', async () => {
    await expectFailure(
      mutate((l) => ((l[3] = `${(l[3] as string).slice(0, 40)}\n`), l)),
      'malformed',
      4,
    );
    await expectFailure(
      mutate((l) => (l.splice(8, 0, '\n'), l)),
      'malformed',
      9,
    );
    const bad = join(dir, 'not-utf8.ndjson');
    const bytes = Buffer.from(lines.join(''));
    bytes[bytes.indexOf('"agent":"') + 9] = 0xff;
    writeFileSync(bad, bytes);
    await expectFailure(bad, 'malformed', 1);
  });

  it('field: a required member missing, or of the wrong type', async () => {
    await expectFailure(
      mutate((l, e) => ((l[5] = rehashed({ ...e[5], stage: undefined })), l)),
      'field',
      6,
    );
    await expectFailure(
      mutate((l, e) => ((l[5] = rehashed({ ...e[5], seq: '5' })), l)),
      'field',
      6,
    );
    await expectFailure(
      mutate((l, e) => ((l[5] = rehashed({ ...e[5], tier: 'T3' })), l)),
      'field',
      6,
    );
    await expectFailure(
      mutate((l, e) => ((l[5] = rehashed({ ...e[5], argv: 'get pods' })), l)),
      'field',
      6,
    );
  });

  it('version: an unknown schema version', async () => {
    await expectFailure(
      mutate((l, e) => ((l[0] = rehashed({ ...e[0], v: 2 })), l)),
      'version',
      1,
    );
  });

  it('incomplete: a final line without its newline is reported as such, not as tampering', async () => {
    const path = mutate((l) => ((l[29] = (l[29] as string).slice(0, 100)), l));
    const report = await verifyLog(path);
    assert.equal(report.failure?.kind, 'incomplete');
    assert.match(report.failure?.message ?? '', /not tampering/);
    await expectFailure(path, 'incomplete', 30);
  });

  it('rotation: a rotated file missing from the set breaks the chain across files', async () => {
    const rotDir = tmp();
    const log = join(rotDir, 'audit.ndjson');
    writeLog(rotatedName(log, '2026-11-24', 0), lines.slice(0, 10));
    writeLog(rotatedName(log, '2026-11-25', 10), lines.slice(10, 20));
    writeLog(log, lines.slice(20));
    assert.equal((await verifyLog(log)).ok, true);
    assert.equal(pythonVerify(log).ok, true);
    rmSync(rotatedName(log, '2026-11-25', 10));
    await expectFailure(log, 'rotation', 1, log);
  });

  it('rotation: a rotated file that does not chain to the one before', async () => {
    const rotDir = tmp();
    const log = join(rotDir, 'audit.ndjson');
    writeLog(rotatedName(log, '2026-11-24', 0), lines.slice(0, 10));
    writeLog(log, [rehashed({ ...events[10], prev_hash: 'a'.repeat(64) }), ...lines.slice(11)]);
    await expectFailure(log, 'rotation', 1, log);
  });

  it('missing: no log at the path', async () => {
    const report = await verifyLog(join(dir, 'nope.ndjson'));
    assert.equal(report.failure?.kind, 'missing');
    assert.equal(pythonVerify(join(dir, 'nope.ndjson')).ok, false);
  });
});
