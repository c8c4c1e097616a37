/**
 * `audit correlate` on large cluster logs: throughput and peak memory. The cluster side is
 * streamed (twice), so memory should not grow with its size; iddio's side is held in memory.
 *   npx tsx bench/correlate.ts [--events N]     (N cluster events; default 400000)
 * Each size runs in a fresh process so peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendAuditEvents } from '../src/audit/writer.js';
import { correlate } from '../src/audit/correlate/correlate.js';

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const started = performance.now();
  const report = await correlate({ iddioLog: args[1] ?? '', k8sAudit: [args[2] ?? ''] });
  const ms = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      ms,
      rssMb: process.resourceUsage().maxRSS / 1024,
      matched: report.matched,
      findings: report.findings.length,
      events: report.nativeEvents,
    }),
  );
  process.exit(0);
}

const total = args.includes('--events') ? Number(args[args.indexOf('--events') + 1]) : 400_000;
const dir = mkdtempSync(join(tmpdir(), 'iddio-bench-correlate-'));
const iddioLog = join(dir, 'audit.ndjson');
const COMMANDS = 2_000; // iddio side: 2,000 commands of 3 requests
const inputs = [];
for (let i = 0; i < COMMANDS; i++) {
  const request_id = `idd_01JQ2Z3X4Y5V6W7T8S9R${String(i).padStart(6, '0')}`;
  inputs.push({
    stage: 'decided' as const,
    request_id,
    agent: 'bench',
    tier: 0,
    decision: 'allow' as const,
  });
  inputs.push({
    stage: 'completed' as const,
    request_id,
    agent: 'bench',
    exit_code: 0,
    duration_ms: 5,
    api_requests: [1, 2, 3].map((n) => ({
      method: 'GET',
      path: '/api/v1/pods',
      status: 200,
      audit_id: `${request_id.replace('_', '-')}-${n}`,
    })),
  });
}
await appendAuditEvents(iddioLog, inputs);

for (const size of [total / 4, total]) {
  const file = join(dir, `k8s-${size}.ndjson`);
  const out = createWriteStream(file);
  const t0 = Date.now();
  for (let i = 0; i < size; i++) {
    const joined = i < COMMANDS * 3;
    const c = Math.floor(i / 3);
    const auditID = joined
      ? `idd-01JQ2Z3X4Y5V6W7T8S9R${String(c).padStart(6, '0')}-${(i % 3) + 1}`
      : `uuid-${i}`;
    const user = joined || i % 1000 !== 0 ? (joined ? 'admin' : 'someone-else') : 'admin';
    const line = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"${auditID}","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/payments/pods?limit=500","verb":"list","user":{"username":"${user}","groups":["system:authenticated"]},"sourceIPs":["127.0.0.1"],"userAgent":"kubectl/v1.32.3","objectRef":{"resource":"pods","namespace":"payments","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"${new Date(t0 + i).toISOString()}","stageTimestamp":"${new Date(t0 + i).toISOString()}"}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  const mb = statSync(file).size / 1024 / 1024;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', iddioLog, file],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(child.stdout) as {
    ms: number;
    rssMb: number;
    matched: number;
    findings: number;
    events: number;
  };
  process.stdout.write(
    `${r.events} cluster events (${mb.toFixed(0)} MB), ${COMMANDS * 3} iddio requests: ${(r.ms / 1000).toFixed(2)} s, ${Math.round(r.events / (r.ms / 1000))} events/s, peak RSS ${r.rssMb.toFixed(0)} MB, ${r.matched} joined, ${r.findings} findings\n`,
  );
}
