// Preloaded into a measured process: reports its peak RSS (kB) on stderr as it exits.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
