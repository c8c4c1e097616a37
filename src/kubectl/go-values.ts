/**
 * Go's parsing of typed flag values, with Go's error text: pflag rejects a bad --replicas or
 * --timeout before kubectl runs anything, and iddio must reject the same argv with the same
 * words. Each parser returns the value, or the error text that follows `flag: `.
 */

export type GoValue<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX: Readonly<Record<32 | 64, bigint>> = { 32: 2n ** 31n - 1n, 64: 2n ** 63n - 1n };

/** strconv.ParseInt(text, 0, bits): optional sign, 0x/0o/0b/0 prefixes, `_` between digits. */
export function parseGoInt(text: string, bits: 32 | 64): GoValue<bigint> {
  const fail = (why: string): GoValue<bigint> => ({
    ok: false,
    error: `strconv.ParseInt: parsing ${goQuote(text)}: ${why}`,
  });
  let body = text;
  let negative = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  let base = 10;
  let digits = body;
  const prefix = body.slice(0, 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    base = { '0x': 16, '0o': 8, '0b': 2 }[prefix];
    digits = body.slice(2);
  } else if (body.length > 1 && body.startsWith('0')) {
    base = 8;
    digits = body.slice(1);
  }
  if (!validUnderscores(body) || digits.replaceAll('_', '') === '') {
    return fail('invalid syntax');
  }
  let value = 0n;
  for (const c of digits.replaceAll('_', '')) {
    const digit = parseInt(c, 36);
    if (Number.isNaN(digit) || digit >= base) return fail('invalid syntax');
    value = value * BigInt(base) + BigInt(digit);
  }
  const limit = MAX[bits];
  if (negative ? value > limit + 1n : value > limit) return fail('value out of range');
  return { ok: true, value: negative ? -value : value };
}

/** Go's underscoreOK (base 0 allows `_`): each underscore between digits or after the prefix. */
function validUnderscores(body: string): boolean {
  if (!body.includes('_')) return true;
  const hexDigits = /^0x/i.test(body);
  let saw = /^0[xob]/i.test(body) ? '0' : '^';
  for (const c of /^0[xob]/i.test(body) ? body.slice(2) : body) {
    if (/\d/.test(c) || (hexDigits && /[a-f]/i.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else if (saw === '_') return false;
    else saw = '!';
  }
  return saw !== '_';
}

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NS = 2n ** 63n;

/** time.ParseDuration, in nanoseconds: "1h30m", "1.5s", "-2m", "0". */
export function parseGoDuration(text: string): GoValue<bigint> {
  const invalid: GoValue<bigint> = {
    ok: false,
    error: `time: invalid duration ${timeQuote(text)}`,
  };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, value: 0n };
  if (rest === '') return invalid;
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2] ?? '';
    if (whole === '' && fraction === '') return invalid;
    rest = rest.slice(number?.[0].length ?? 0);
    const unitText = /^[^\d.]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') {
      return { ok: false, error: `time: missing unit in duration ${timeQuote(text)}` };
    }
    rest = rest.slice(unitText.length);
    const unit = UNIT_NS[unitText];
    if (unit === undefined) {
      const error = `time: unknown unit ${timeQuote(unitText)} in duration ${timeQuote(text)}`;
      return { ok: false, error };
    }
    const wholeValue = BigInt(whole === '' ? '0' : whole);
    if (wholeValue > MAX_NS / unit) return invalid;
    total += wholeValue * unit + fractionNs(fraction, unit);
    if (total > MAX_NS) return invalid;
  }
  if (!negative && total > MAX_NS - 1n) return invalid;
  return { ok: true, value: negative ? -total : total };
}

/** Go's leadingFraction and its float64 scaling: digits that would overflow are dropped. */
function fractionNs(digits: string, unit: bigint): bigint {
  let f = 0n;
  let scale = 1;
  for (const c of digits) {
    if (f > (MAX_NS - 1n) / 10n) break;
    const next = f * 10n + BigInt(c);
    if (next > MAX_NS) break;
    f = next;
    scale *= 10;
  }
  return f === 0n ? 0n : BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
}

/** strconv.Quote, as pflag's %q prints a rejected value and ParseInt's error repeats it. */
export function goQuote(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code >= 0x80 && !printable(code)) out += `\\u${hex(code, 4)}`;
    else out += c;
  }
  return `${out}"`;
}

/** The time package's own quote: every byte outside printable ASCII as \xNN. */
function timeQuote(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte >= 0x80 || byte < 0x20) out += `\\x${hex(byte, 2)}`;
    else if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** unicode.IsPrint for the non-printable runes an argv can plausibly carry (C1, bidi, zero-width). */
function printable(code: number): boolean {
  return !(
    code < 0xa0 ||
    code === 0xad ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0xfeff
  );
}
