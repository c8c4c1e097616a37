/**
 * Just enough of apimachinery's resource.Quantity for describe's totals: parse "100m",
 * "128Mi", "8148228Ki", "2" (through the exact parser in ../quantity.ts), add, and print the
 * canonical form Go prints ("256Mi", "1500m", "0"). Values are exact: BigInt nano-units.
 */
import { BINARY_SUFFIX, DECIMAL_SUFFIX, parseQuantity as parseExact } from '../quantity.js';

export type QuantityFormat = 'BinarySI' | 'DecimalSI';

export interface Quantity {
  nanos: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;

export const ZERO: Quantity = { nanos: 0n, format: 'DecimalSI' };

export function parseQuantity(text: string): Quantity | undefined {
  const exact = parseExact(text);
  if (!exact) return undefined;
  // ParseQuantity rounds to nano units at most, so exp ≥ -9 and this is exact.
  const nanos = exact.unscaled * 10n ** BigInt(exact.exp + 9);
  return { nanos, format: /[KMGTPE]i$/.test(text) ? 'BinarySI' : 'DecimalSI' };
}

export function addQuantity(a: Quantity | undefined, b: Quantity): Quantity {
  return a ? { nanos: a.nanos + b.nanos, format: a.format } : { ...b };
}

/** Quantity.String(). */
export function formatQuantity(q: Quantity | undefined): string {
  if (!q || q.nanos === 0n) return '0';
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? '-' : '';
  if (q.format === 'BinarySI' && abs % NANO === 0n && abs >= 1024n * NANO) {
    const value = abs / NANO;
    let best = '';
    let mantissa = value;
    for (const [suffix, power] of Object.entries(BINARY_SUFFIX)) {
      const size = 1n << BigInt(power);
      if (value % size === 0n) {
        best = suffix;
        mantissa = value / size;
      }
    }
    return `${sign}${mantissa}${best}`;
  }
  let best = 'n';
  let mantissa = abs;
  for (const [suffix, exp] of Object.entries(DECIMAL_SUFFIX)) {
    const unit = 10n ** BigInt(exp + 9);
    if (abs % unit === 0n) {
      best = suffix;
      mantissa = abs / unit;
    }
  }
  return `${sign}${mantissa}${best}`;
}

/** Value in milli-units (Quantity.MilliValue), rounded up as Go rounds. */
export const milliValue = (q: Quantity | undefined): number =>
  q ? Number((q.nanos + 999_999n) / 1_000_000n) : 0;
/** Value in whole units (Quantity.Value), rounded up. */
export const wholeValue = (q: Quantity | undefined): number =>
  q ? Number((q.nanos + NANO - 1n) / NANO) : 0;
