/**
 * Ages as the API server writes them into Table cells: duration.HumanDuration of
 * k8s.io/apimachinery (about two significant figures: 90s, 3m20s, 47m, 5h3m, 2d4h, 400d, 3y10d)
 * applied to "now minus the timestamp" (translateTimestampSince). kubectl prints the cell as is.
 */
import { humanDuration } from '../../common/human-duration.js';

export { humanDuration };

/** Milliseconds since the epoch, or undefined for an absent or unreadable timestamp. */
export function parseTime(timestamp: unknown): number | undefined {
  if (typeof timestamp !== 'string' || timestamp === '') return undefined;
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? undefined : t;
}

/** translateTimestampSince: `<unknown>` for a missing timestamp. */
export function since(timestamp: unknown, now: Date): string {
  const t = parseTime(timestamp);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}
