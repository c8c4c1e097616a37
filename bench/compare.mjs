#!/usr/bin/env node
// Times whole commands side by side: runs A, B, A, B, ... (alternating, so drift in machine
// load hits both equally), then prints median, spread (p10–p90) and min per command.
//
//   node bench/compare.mjs [--runs N] [--warmup N] [--json] -- 'cmd A' -- 'cmd B' [-- 'cmd C' ...]
//
// Commands run through /bin/sh, with stdout and stderr discarded; a non-zero exit aborts,
// since timing a failing command measures the wrong thing.
import { spawnSync } from 'node:child_process';

function parseArgs(argv) {
  const options = { runs: 20, warmup: 2, json: false, commands: [] };
  let i = 0;
  for (; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--warmup') options.warmup = Number(argv[++i]);
    else if (arg === '--json') options.json = true;
    else throw new Error(`unknown option ${arg}`);
  }
  for (; i < argv.length; i++) if (argv[i] !== '--') options.commands.push(argv[i]);
  if (options.commands.length === 0 || !(options.runs > 0)) {
    throw new Error(
      "usage: compare.mjs [--runs N] [--warmup N] [--json] -- 'cmd A' [-- 'cmd B' ...]",
    );
  }
  return options;
}

function timeOnce(command) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/bin/sh', ['-c', command], { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${command}`);
  return ms;
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const options = parseArgs(process.argv.slice(2));
const samples = options.commands.map(() => []);
for (let round = 0; round < options.warmup + options.runs; round++) {
  options.commands.forEach((command, index) => {
    const ms = timeOnce(command);
    if (round >= options.warmup) samples[index].push(ms);
  });
  if (process.stderr.isTTY)
    process.stderr.write(`\rround ${round + 1}/${options.warmup + options.runs}`);
}
if (process.stderr.isTTY) process.stderr.write('\n');

const results = options.commands.map((command, index) => {
  const sorted = [...samples[index]].sort((a, b) => a - b);
  return {
    command,
    runs: sorted.length,
    median_ms: quantile(sorted, 0.5),
    p10_ms: quantile(sorted, 0.1),
    p90_ms: quantile(sorted, 0.9),
    min_ms: sorted[0],
  };
});
if (options.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const base = results[0].median_ms;
  for (const r of results) {
    const ratio = (r.median_ms / base).toFixed(2);
    process.stdout.write(
      `${r.median_ms.toFixed(1).padStart(8)} ms median  (p10 ${r.p10_ms.toFixed(1)}, p90 ${r.p90_ms.toFixed(1)}, min ${r.min_ms.toFixed(1)}, n=${r.runs})  ${ratio}x  ${r.command}\n`,
    );
  }
}
