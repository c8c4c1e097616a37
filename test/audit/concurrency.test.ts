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

interface Writer {
  ready: Promise<void>;
  go: () => void;
  done: Promise<{ agent: string; seqs: number[] }>;
}

function startWriter(log: string, agent: string, count: number): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, log, String(count), agent], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 55_000);
  const done = new Promise<{ agent: string; seqs: number[] }>((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0)
        resolve(JSON.parse(out.slice('ready\n'.length)) as { agent: string; seqs: number[] });
      else reject(new Error(`writer ${agent} exited ${code}: ${err.trim()}`));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

describe('audit writer: concurrency', () => {
  it(
    `${WRITERS} processes × ${EACH} appends at once → one intact chain`,
    { timeout: 60_000 },
    async () => {
      const log = join(tmp(), 'audit', 'audit.ndjson');
      const writers = Array.from({ length: WRITERS }, (_, i) =>
        startWriter(log, `agent-${i}`, EACH),
      );
      await Promise.all(writers.map((w) => w.ready));
      for (const w of writers) w.go();
      const results = await Promise.all(writers.map((w) => w.done));
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
      // The writers really did interleave: one after another would change agent 7 times along
      // the chain. (Where in the chain they overlap depends on the scheduler: a busy 2-core CI
      // machine once let one writer finish its first 200 alone.)
      const agents = [...onDisk.entries()].sort(([a], [b]) => a - b).map(([, agent]) => agent);
      const switches = agents.filter((agent, i) => i > 0 && agent !== agents[i - 1]).length;
      assert.ok(switches > WRITERS - 1, `writers ran one after another (${switches} switches)`);
    },
  );
});
