/**
 * Audit log benchmarks (issue 4), recorded in docs/benchmarks.md:
 *   1. `iddio audit verify` on a generated 1,000,000-event log: events/s, CPU time, peak RSS;
 *   2. appends with fsync from one process: events/s;
 *   3. 8 concurrent writer processes: throughput, and zero lost or duplicated events.
 *
 *   npm run build && node --import tsx bench/audit.ts [--events N] [--only verify|append|concurrent]
 *                                                     [--log /tmp/PATH]   (keep and reuse the log)
 *
 * The log is generated in a temporary directory, never in the repository. The machine is
 * shared during development, so the load average is printed with the results.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyLog } from '../src/audit/verify-log.js';
import { appendAuditEvent } from '../src/audit/writer.js';
import { generate, input } from './audit-gen.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argEvents = process.argv.indexOf('--events');
const EVENTS = argEvents > 0 ? Number(process.argv[argEvents + 1]) : 1_000_000;
const argKeep = process.argv.indexOf('--log');
const KEEP = argKeep > 0 ? process.argv[argKeep + 1] : undefined;
const argOnly = process.argv.indexOf('--only');
const ONLY = argOnly > 0 ? process.argv[argOnly + 1] : undefined;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

function run(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

async function benchVerify(dir: string): Promise<void> {
  // --log PATH keeps the generated log there and reuses it on the next run (outside the repo!).
  const log = KEEP ?? join(dir, 'audit.ndjson');
  let t = performance.now();
  if (!KEEP || !existsSync(KEEP)) generate(log, EVENTS);
  const mib = statSync(log).size / 2 ** 20;
  console.log(
    `generated ${EVENTS} events (${mib.toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const runs: Array<{ ms: number; rssMb: number; cpuMs: number }> = [];
  for (let i = 0; i < 3; i++) {
    const rss = join(ROOT, 'bench', 'audit-rss.mjs');
    const r = await run([
      '--import',
      rss,
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
    const rssMb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1]) / 1024;
    const cpuMs = Number(/BENCH_CPU_MS=(\d+)/.exec(r.stderr)?.[1]);
    runs.push({ ms: r.ms, rssMb, cpuMs });
    console.log(
      `verify (iddio audit verify, whole process) run ${i + 1}: ${(r.ms / 1000).toFixed(2)} s wall → ` +
        `${Math.round(EVENTS / (r.ms / 1000))} events/s; CPU ${(cpuMs / 1000).toFixed(2)} s; peak RSS ${rssMb.toFixed(0)} MB; load ${load()}`,
    );
  }
  const best = Math.min(...runs.map((r) => r.ms));
  const median = [...runs].sort((a, b) => a.ms - b.ms)[1]?.ms ?? best;
  console.log(
    `VERIFY best ${Math.round(EVENTS / (best / 1000))} events/s, median ${Math.round(EVENTS / (median / 1000))} events/s, ` +
      `max peak RSS ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`,
  );
  t = performance.now();
  const cpu = process.cpuUsage();
  const sequential = await verifyLog(log, { parallel: false });
  const cpuS = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
  console.log(
    `verify sequential (one thread, in-process): ${Math.round(sequential.events / ((performance.now() - t) / 1000))} events/s wall, ` +
      `${Math.round(sequential.events / cpuS)} events per CPU-second`,
  );
  if (!KEEP) rmSync(log);
}

async function benchAppend(dir: string): Promise<void> {
  const log = join(dir, 'append', 'audit.ndjson');
  const n = 2000;
  await appendAuditEvent(log, input(0));
  const t = performance.now();
  for (let i = 0; i < n; i++) await appendAuditEvent(log, input(i));
  console.log(
    `APPEND one process, lock + write + fsync each: ${Math.round(n / ((performance.now() - t) / 1000))} events/s (${n} appends); load ${load()}`,
  );
}

async function benchConcurrent(dir: string): Promise<void> {
  const log = join(dir, 'concurrent', 'audit.ndjson');
  const writers = 8;
  const each = 500;
  const child = join(ROOT, 'test', 'audit', 'helpers', 'append-child.ts');
  const procs = Array.from({ length: writers }, (_, i) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, log, String(each), `agent-${i}`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const ready = new Promise<void>((resolve) =>
      p.stdout.on(
        'data',
        (c: Buffer) => ((out += c.toString()), out.startsWith('ready\n') && resolve()),
      ),
    );
    const done = new Promise<number[]>((resolve) =>
      p.on('close', () => resolve((JSON.parse(out.slice(6)) as { seqs: number[] }).seqs)),
    );
    return { p, ready, done };
  });
  await Promise.all(procs.map((w) => w.ready));
  const t = performance.now();
  for (const w of procs) w.p.stdin.end('go\n');
  const seqs = (await Promise.all(procs.map((w) => w.done))).flat();
  const ms = performance.now() - t;
  const report = await verifyLog(log);
  console.log(
    `CONCURRENT ${writers} writers × ${each}: ${Math.round((writers * each) / (ms / 1000))} events/s together; chain ${report.ok ? 'intact' : 'BROKEN'}, ` +
      `${report.events} events on disk, ${new Set(seqs).size} distinct seqs returned, lost ${writers * each - report.events}; load ${load()}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'iddio-bench-audit-'));
try {
  console.log(
    `machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}, load ${load()}`,
  );
  if (!ONLY || ONLY === 'verify') await benchVerify(dir);
  if (!ONLY || ONLY === 'append') await benchAppend(dir);
  if (!ONLY || ONLY === 'concurrent') await benchConcurrent(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
