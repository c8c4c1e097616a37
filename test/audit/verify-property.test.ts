/**
 * Properties of the chain (fast-check): any single-byte change, any deleted line and any swap
 * of two lines makes verify fail. Deleting the last line is truncation, which only a
 * checkpoint can catch, so deletions are checked against a checkpoint of the original log.
 * A sample of cases also goes through the Python verifier, which must agree on the line.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { verifyLog } from '../../src/audit/verify-log.js';
import { buildEvents, pythonVerify, tmp } from './helpers/log.js';

const { events, lines } = buildEvents(24);
const original = Buffer.from(lines.join(''), 'utf8');
const last = events[events.length - 1] as { seq: number; hash: string };
const dir = tmp();
const path = join(dir, 'audit.ndjson');

async function verdict(bytes: Buffer, checkpoint?: { seq: number; hash: string }) {
  writeFileSync(path, bytes);
  return verifyLog(path, { checkpoint });
}

describe('audit verify: properties', () => {
  it('any single-byte change fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(original.length - 1),
        fc.integer({ min: 1, max: 255 }),
        async (index, delta) => {
          const bytes = Buffer.from(original);
          bytes[index] = ((bytes[index] as number) + delta) % 256;
          const report = await verdict(bytes);
          assert.equal(report.ok, false, `byte ${index} changed by ${delta} went unnoticed`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('any deleted line fails (the last one against a checkpoint)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(lines.length - 1), async (index) => {
        const kept = lines.filter((_, i) => i !== index);
        const report = await verdict(Buffer.from(kept.join('')), last);
        assert.equal(report.ok, false);
        assert.equal(
          report.failure?.kind,
          index === lines.length - 1 ? 'truncated' : 'deleted',
          report.failure?.message,
        );
      }),
      { numRuns: 60 },
    );
  });

  it('any swap of two lines fails as reordered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.nat(lines.length - 1), { minLength: 2, maxLength: 2 }),
        async ([a, b]) => {
          const swapped = [...lines];
          [swapped[a as number], swapped[b as number]] = [
            lines[b as number] as string,
            lines[a as number] as string,
          ];
          const report = await verdict(Buffer.from(swapped.join('')));
          assert.equal(report.ok, false);
          assert.equal(report.failure?.kind, 'reordered', report.failure?.message);
          assert.equal(report.failure?.line, Math.min(a as number, b as number) + 1);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('the Python verifier agrees on the verdict and the line for random tampering', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            op: fc.constant('byte' as const),
            index: fc.nat(original.length - 1),
            delta: fc.integer({ min: 1, max: 255 }),
          }),
          fc.record({
            op: fc.constant('delete' as const),
            index: fc.nat(lines.length - 2),
            delta: fc.constant(0),
          }),
          fc.record({
            op: fc.constant('none' as const),
            index: fc.constant(0),
            delta: fc.constant(0),
          }),
        ),
        async ({ op, index, delta }) => {
          let bytes = Buffer.from(original);
          if (op === 'byte') bytes[index] = ((bytes[index] as number) + delta) % 256;
          if (op === 'delete') bytes = Buffer.from(lines.filter((_, i) => i !== index).join(''));
          const ours = await verdict(bytes);
          const theirs = pythonVerify(path);
          assert.equal(
            theirs.ok,
            ours.ok,
            `${op} ${index}: ours ${ours.failure?.message}, python ${theirs.reason}`,
          );
          if (!ours.ok)
            assert.equal(
              theirs.line,
              ours.failure?.line,
              `${op} ${index}: python ${theirs.reason}`,
            );
        },
      ),
      { numRuns: 40 },
    );
  });
});
