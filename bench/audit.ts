/**
 * Audit log benchmarks (issue 4), recorded in docs/benchmarks.md:
 *   1. `iddio audit verify` on a generated 1,000,000-event log: events/s and peak RSS;
 *   2. appends with fsync from one process: events/s;
 *   3. 8 concurrent writer processes: throughput and zero lost events.
 *
 *   npm run build && node --import tsx bench/audit.ts [--events N]
 *
 * The log is generated here, in a temporary directory, never in the repository.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, input } from './audit-gen.js';
import { verifyLog } from '../src/audit/verify-log.js';
import { appendAuditEvent } from '../src/audit/writer.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argEvents = process.argv.indexOf('--events');
const EVENTS = argEvents > 0 ? Number(process.argv[argEvents + 1]) : 1_000_000;

function run(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'iddio-bench-audit-'));
try {
  console.log(
    `machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}`,
  );

  // 1. verify
  const log = join(dir, 'audit.ndjson');
  let t = performance.now();
  generate(log, EVENTS);
  const size = statSync(log).size;
  console.log(
    `generated ${EVENTS} events (${(size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const runs: Array<{ ms: number; rssKb: number }> = [];
  for (let i = 0; i < 3; i++) {
    const r = await run([
      '--import',
      join(ROOT, 'bench', 'audit-rss.mjs'),
      join(ROOT, 'bin', 'iddio.js'),
      'audit',
      'verify',
      '--file',
      log,
      '--format',
      'json',
    ]);
    const doc = JSON.parse(r.stdout) as { ok: boolean; events: number };
    if (r.code !== 0 || !doc.ok || doc.events !== EVENTS)
      throw new Error(`verify failed: ${r.stdout} ${r.stderr}`);
    const rssKb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1]);
    runs.push({ ms: r.ms, rssKb });
    console.log(
      `verify run ${i + 1}: ${(r.ms / 1000).toFixed(2)} s → ${Math.round(EVENTS / (r.ms / 1000))} events/s, peak RSS ${(rssKb / 1024).toFixed(0)} MB`,
    );
  }
  const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
  const median = [...runs].sort((a, b) => a.ms - b.ms)[1] ?? best;
  console.log(
    `VERIFY median ${Math.round(EVENTS / (median.ms / 1000))} events/s (whole process, incl. start-up), max peak RSS ${(Math.max(...runs.map((r) => r.rssKb)) / 1024).toFixed(0)} MB`,
  );
  t = performance.now();
  const inProcess = await verifyLog(log);
  console.log(
    `verify in-process: ${Math.round(inProcess.events / ((performance.now() - t) / 1000))} events/s`,
  );
  rmSync(log);

  // 2. appends with fsync, one process
  const appendLog = join(dir, 'append', 'audit.ndjson');
  const N = 2000;
  await appendAuditEvent(appendLog, input(0));
  t = performance.now();
  for (let i = 0; i < N; i++) await appendAuditEvent(appendLog, input(i));
  const appendRate = Math.round(N / ((performance.now() - t) / 1000));
  console.log(`APPEND one process, fsync each: ${appendRate} events/s (${N} appends)`);

  // 3. 8 concurrent writers
  const concurrentLog = join(dir, 'concurrent', 'audit.ndjson');
  const WRITERS = 8;
  const EACH = 500;
  const startAt = Date.now() + 3000;
  const child = join(ROOT, 'test', 'audit', 'helpers', 'append-child.ts');
  const results = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) =>
      run(['--import', 'tsx', child, concurrentLog, String(EACH), `agent-${i}`, String(startAt)]),
    ),
  );
  const wall = Math.max(...results.map((r) => r.ms)) - Math.max(0, startAt - Date.now() + 0);
  const report = await verifyLog(concurrentLog);
  const seqs = results.flatMap((r) => (JSON.parse(r.stdout) as { seqs: number[] }).seqs);
  const lost = WRITERS * EACH - report.events;
  console.log(
    `CONCURRENT ${WRITERS} writers × ${EACH}: verify ${report.ok ? 'intact' : 'BROKEN'}, ${report.events} events on disk, ${new Set(seqs).size} distinct seqs returned, lost ${lost}`,
  );
  void wall;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
