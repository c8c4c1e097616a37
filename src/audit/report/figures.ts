/** Derived figures of the report: activity over time, and the approval latency distribution. */
import type { ActivityBucket, CommandRow, Report } from './model.js';

const LATENCY_BUCKETS_MS = [1_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, Infinity];

function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Median, 90th percentile, maximum and a histogram (the last bucket, "longer", is unbounded). */
export function latencyFigures(values: number[]): Report['latency'] {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    ...(sorted.length > 0
      ? { p50: percentile(sorted, 50), p90: percentile(sorted, 90), max: sorted.at(-1) }
      : {}),
    histogram: LATENCY_BUCKETS_MS.map((upToMs, i) => ({
      upToMs,
      count: sorted.filter((ms) => ms <= upToMs && ms > (LATENCY_BUCKETS_MS[i - 1] ?? -1)).length,
    })),
  };
}

/** Commands per agent and tier, by day (or by hour when the period is under three days). */
export function activity(commands: CommandRow[]): Report['activity'] {
  if (commands.length === 0) return { unit: 'day', buckets: [] };
  const times = commands.map((c) => Date.parse(c.ts));
  const span = Math.max(...times) - Math.min(...times);
  const unit = span < 3 * 86_400_000 ? 'hour' : 'day';
  const size = unit === 'hour' ? 3_600_000 : 86_400_000;
  const buckets = new Map<number, ActivityBucket>();
  for (const [i, c] of commands.entries()) {
    const start = Math.floor((times[i] ?? 0) / size) * size;
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = { start: new Date(start).toISOString(), byAgent: {} }));
    const tiers = (b.byAgent[c.agent] ??= [0, 0, 0, 0, 0]);
    if (c.tier !== undefined) tiers[c.tier] = (tiers[c.tier] ?? 0) + 1;
  }
  return { unit, buckets: [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b) };
}
