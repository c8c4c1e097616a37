// Preloaded into a measured process: reports its peak RSS (kB) and CPU time (ms, all threads)
// on stderr as it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${usage.maxRSS} BENCH_CPU_MS=${cpuMs}\n`);
});
