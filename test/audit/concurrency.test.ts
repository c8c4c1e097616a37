/**
 * Many agents at once: 8 real processes × 200 appends, started together, must leave one intact
 * chain of 1,600 events with no gap and no duplicate, and every writer must get back the seq
 * it was given.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readAuditEvents } from '../../src/audit/reader.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { pythonVerify, tmp } from './helpers/log.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'append-child.ts');
const WRITERS = 8;
const EACH = 200;

function runWriter(
  log: string,
  agent: string,
  startAt: number,
): Promise<{ agent: string; seqs: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, log, String(EACH), agent, String(startAt)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out) as { agent: string; seqs: number[] });
      else reject(new Error(`writer ${agent} exited ${code}: ${err}`));
    });
  });
}

describe('audit writer: concurrency', () => {
  it(
    `${WRITERS} processes × ${EACH} appends at once → one intact chain`,
    { timeout: 60_000 },
    async () => {
      const log = join(tmp(), 'audit', 'audit.ndjson');
      // Give every child time to load before the common start.
      const startAt = Date.now() + 2500;
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) => runWriter(log, `agent-${i}`, startAt)),
      );
      const report = await verifyLog(log);
      assert.equal(report.ok, true, report.failure?.message);
      assert.equal(report.events, WRITERS * EACH);
      assert.equal(report.lastSeq, WRITERS * EACH - 1);
      assert.equal(pythonVerify(log).ok, true);

      // Every writer got distinct seqs, together exactly 0..1599, each matching the line on disk.
      const given = results.flatMap((r) => r.seqs).sort((a, b) => a - b);
      assert.deepEqual(
        given,
        Array.from({ length: WRITERS * EACH }, (_, i) => i),
      );
      const onDisk = new Map<number, string>();
      for await (const { event } of readAuditEvents(log)) onDisk.set(event.seq, event.agent ?? '');
      for (const r of results) for (const seq of r.seqs) assert.equal(onDisk.get(seq), r.agent);
      // The writers really did interleave.
      const firstAgents = new Set(
        [...onDisk.entries()].filter(([seq]) => seq < 200).map(([, agent]) => agent),
      );
      assert.ok(firstAgents.size > 1, 'writers ran one after another, not at once');
    },
  );
});
