/**
 * apimachinery's resource.ParseQuantity and Quantity.Cmp, exact. `kubectl get --sort-by` uses
 * them (printers/sort.ts), and describe adds quantities up with them (describe/quantity.ts): two strings that both parse as quantities ("100m", "1Gi", "5", "1e3", and also "Ki",
 * "-" or "e5", which Go accepts as zero) are compared by value, any other pair byte by byte.
 * Values are kept exact (unscaled × 10^exp, BigInt), with Go's rounding of the slow path up
 * to nano units and its cap of binary quantities at 2^63-1.
 */

export interface Decimal {
  unscaled: bigint;
  exp: number;
}

/** Decimal SI suffixes and their powers of ten, smallest first. */
export const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
/** Binary suffixes and their powers of two. */
export const BINARY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const INT64_MAX = 2n ** 63n - 1n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: sign, numerator (leading zeros dropped), fraction, suffix. */
function scan(str: string): Scanned | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos] as string)) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  return pos >= end ? { positive, value, num, denom, suffix: str.slice(suffixStart) } : undefined;
}

/** The suffixer: SI decimal, binary, then e/E with a base-10 int64 exponent (kept as int32). */
function interpret(suffix: string): { base: 2 | 10; exponent: number } | undefined {
  const decimal = DECIMAL_SUFFIX[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal };
  const binary = BINARY_SUFFIX[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed > INT64_MAX || parsed < -INT64_MAX - 1n) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)) };
  }
  return undefined;
}

/** ParseQuantity's value, or undefined where Go returns an error. */
export function parseQuantity(str: string): Decimal | undefined {
  if (str === '') return undefined;
  if (str === '0') return { unscaled: 0n, exp: 0 };
  const scanned = scan(str);
  if (!scanned) return undefined;
  const { positive, value, num, denom } = scanned;
  const suffix = interpret(scanned.suffix);
  if (!suffix) return undefined;
  const { base, exponent } = suffix;
  const sign = positive ? 1n : -1n;
  // The fast path (int64Amount): exact, no rounding.
  if (base === 10) {
    const scale = (exponent - denom.length) | 0;
    if (18 - (num.length + denom.length) >= 0 && scale >= -9)
      return { unscaled: sign * BigInt(num + denom), exp: scale };
  } else if (denom === '') {
    const precision = 15 - num.length - Math.trunc(Math.fround(exponent * 3) / 10) - 1;
    const result = BigInt(num) << BigInt(exponent);
    if (precision >= 0 && result <= INT64_MAX) return { unscaled: sign * result, exp: 0 };
  }
  // The inf.Dec path: the text before the suffix, scaled, rounded up to nano units.
  const parts = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(value);
  if (!parts || (parts[1] ?? '') + (parts[2] ?? '') === '') return undefined;
  let magnitude = BigInt((parts[1] ?? '') + (parts[2] ?? '') || '0');
  let exp = -(parts[2] ?? '').length;
  if (base === 10) exp += exponent;
  else magnitude <<= BigInt(exponent);
  if (magnitude !== 0n && exp < -9) {
    const shift = -9 - exp;
    const digits = magnitude.toString().length;
    if (shift > digits) magnitude = 1n;
    else {
      const divisor = 10n ** BigInt(shift);
      magnitude = (magnitude + divisor - 1n) / divisor;
    }
    exp = -9;
  }
  if (base === 2 && compare({ unscaled: magnitude, exp }, { unscaled: INT64_MAX, exp: 0 }) > 0) {
    magnitude = INT64_MAX;
    exp = 0;
  }
  return { unscaled: value.startsWith('-') ? -magnitude : magnitude, exp };
}

const digitCount = (n: bigint): number => (n < 0n ? -n : n).toString().length;

/** Exact comparison of two decimals (-1, 0, 1), without building 10^huge. */
export function compare(a: Decimal, b: Decimal): number {
  const sa = a.unscaled === 0n ? 0 : a.unscaled < 0n ? -1 : 1;
  const sb = b.unscaled === 0n ? 0 : b.unscaled < 0n ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const adjustedA = digitCount(a.unscaled) + a.exp;
  const adjustedB = digitCount(b.unscaled) + b.exp;
  if (adjustedA !== adjustedB) return (adjustedA < adjustedB ? -1 : 1) * sa;
  const exp = Math.min(a.exp, b.exp);
  const x = a.unscaled * 10n ** BigInt(a.exp - exp);
  const y = b.unscaled * 10n ** BigInt(b.exp - exp);
  return x === y ? 0 : x < y ? -1 : 1;
}
