/**
 * Inbox wait benchmark (issue 7): how soon a waiting command notices a decision written to the
 * inbox (fs.watch, and the polling fallback), and what waiting costs in CPU.
 *   npx tsx bench/inbox.ts [--runs N]
 * The tests assert only that a decision is noticed well before the timeout; the numbers are here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInbox, waitForDecision, writeDecisionFile } from '../src/approval/inbox.js';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * q))] ?? NaN;

// First, on a settled process: CPU spent waiting 5 s for a decision that never comes.
const idle = mkdtempSync(join(tmpdir(), 'iddio-bench-inbox-'));
ensureInbox(idle);
await sleep(500);
const cpu = process.cpuUsage();
await waitForDecision(idle, 'idd_01M8B7E3QSVXRGS6WDVWC5JZZZ', { timeoutMs: 5_000 });
const used = process.cpuUsage(cpu);
console.log(`waiting 5 s for nothing: ${((used.user + used.system) / 1000).toFixed(1)} ms of CPU`);

for (const watch of [true, false]) {
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const inbox = mkdtempSync(join(tmpdir(), 'iddio-bench-inbox-'));
    ensureInbox(inbox);
    const id = `idd_01M8B7E3QSVXRGS6WDVWC5J${String(i).padStart(3, '0')}`;
    const waiting = waitForDecision(inbox, id, { timeoutMs: 10_000, watch });
    await sleep(50 + Math.random() * 250); // land anywhere in a polling interval
    const written = performance.now();
    writeDecisionFile(inbox, id, '{}');
    await waiting;
    latencies.push(performance.now() - written);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `${watch ? 'fs.watch' : 'polling '}  noticed after: median ${quantile(latencies, 0.5).toFixed(1)} ms, p90 ${quantile(latencies, 0.9).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms (n=${runs})`,
  );
}
