/**
 * kubectl's `--request-timeout`, a global flag: clientcmd parses it once, and client-go puts it
 * on every HTTP request of the command, both as the http.Client's timeout and as a `timeout`
 * query parameter the API server honours too. A wait for a human is not a request, so it is
 * never part of it.
 */
import { parseGoDuration } from '../kubectl/go-values.js';
import { usageError } from './errors.js';
import { flagValue } from './flags.js';
import type { KubeInvocation } from './types.js';

export const INVALID_TIMEOUT =
  'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/**
 * clientcmd's ParseTimeout: a base-10 integer of seconds (not below zero), else
 * time.ParseDuration; nanoseconds, wrapped to int64 as Go's Duration multiplication does.
 */
export function parseRequestTimeout(text: string): number | undefined {
  if (/^[+-]?\d+$/.test(text)) {
    const seconds = BigInt(text);
    if (seconds >= 0n && seconds < 2n ** 63n)
      return Number(BigInt.asIntN(64, seconds * 1_000_000_000n));
  }
  const parsed = parseGoDuration(text);
  return parsed.ok ? Number(parsed.value) : undefined;
}

/**
 * The command's --request-timeout in nanoseconds: undefined when not given or empty (clientcmd
 * parses only a non-empty one), kubectl's usage error when it does not parse.
 */
export function requestTimeoutOf(inv: KubeInvocation): number | undefined {
  const text = flagValue(inv, 'request-timeout') ?? '';
  if (text === '') return undefined;
  const ns = parseRequestTimeout(text);
  if (ns === undefined) throw usageError(INVALID_TIMEOUT);
  return ns;
}

/** Go's time.Duration.String(), for the `timeout` query kubectl sends ("2s", "1m30s", "500ms"). */
export function goDuration(ns: number): string {
  if (ns < 0) return `-${goDuration(-ns)}`;
  const trim = (n: number, unit: number): string =>
    String(Number((n / unit).toFixed(9)))
      .replace(/e.*$/, '')
      .replace(/^0\./, '0.');
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns, 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns, 1e6)}ms`;
  const h = Math.floor(ns / 3.6e12);
  const m = Math.floor((ns % 3.6e12) / 6e10);
  const s = `${trim(ns % 6e10, 1e9)}s`;
  return h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
}
