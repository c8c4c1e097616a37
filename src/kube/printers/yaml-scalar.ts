/**
 * How go-yaml v2 (behind kubectl's `-o yaml`, via sigs.k8s.io/yaml) decides to write a
 * string: plain, 'single', "double" or a |literal block. Two steps, as in go-yaml: a string
 * that would read back as another type (true, 80, 1.5, 2024-01-01, null, ~) is double-quoted;
 * then the emitter's analysis of indicator, space and break characters may force quoting.
 * Also how a JSON number comes out (goFloat), and which keys need the explicit `? ` form.
 */
import { isTerminalUnsafe } from '../../common/terminal-json.js';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/** Plain texts go-yaml looks up before anything else (booleans, nulls, the special floats). */
const RESOLVE_MAP = new Set([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'],
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'],
  ...['', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF'],
  ...['+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'],
  // '<<' (merge) is in go-yaml's map too, but its first character has no resolve hint, so
  // go-yaml never looks it up and writes the string `<<` plain.
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** strconv.ParseInt/ParseUint with base 0: sign, then 0x / 0o / 0b / 0 (octal) / decimal. */
const GO_INT =
  /^([-+]?)(?:0([xX])([0-9a-fA-F]+)|0([oO])([0-7]+)|0([bB])([01]+)|(0[0-7]*)|([1-9][0-9]*))$/;
/** A float strconv.ParseFloat reads whose text starts with '.' (underscores checked apart). */
const DOT_FLOAT = /^\.[0-9_]*[0-9][0-9_]*(?:[eE][-+]?[0-9][0-9_]*)?$/;
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** True when strconv.ParseInt(text, 0, 64) or ParseUint(text, 0, 64) succeeds. */
function goParsesInt(text: string): boolean {
  const m = GO_INT.exec(text);
  if (!m) return false;
  const sign = m[1] ?? '';
  let magnitude: bigint;
  if (m[2] !== undefined) magnitude = BigInt(`0x${m[3] ?? ''}`);
  else if (m[4] !== undefined) magnitude = BigInt(`0o${m[5] ?? ''}`);
  else if (m[6] !== undefined) magnitude = BigInt(`0b${m[7] ?? ''}`);
  else if (m[8] !== undefined) magnitude = BigInt(`0o${m[8]}`);
  else magnitude = BigInt(m[9] ?? '0');
  if (sign === '') return magnitude <= UINT64_MAX;
  return sign === '-' ? -magnitude >= INT64_MIN : magnitude <= INT64_MAX;
}

/** strconv.ParseInt(text, 2, 64) or, unsigned, ParseUint(text, 2, 64). */
function goParsesBinary(text: string, unsignedToo: boolean): boolean {
  const m = /^([-+]?)([01]+)$/.exec(text);
  if (!m) return false;
  const magnitude = BigInt(`0b${m[2] ?? ''}`);
  if (m[1] === '-') return -magnitude >= INT64_MIN;
  return magnitude <= INT64_MAX || (unsignedToo && m[1] === '' && magnitude <= UINT64_MAX);
}

/** Go's underscoreOK for a decimal number: each '_' sits between two digits. */
function underscoresBetweenDigits(text: string): boolean {
  return !/(^|[^0-9])_|_($|[^0-9])/.test(text);
}

/** A finite float64 (Go's ParseFloat fails with ErrRange where JavaScript gives ±Infinity). */
const finite = (text: string): boolean => Number.isFinite(Number(text.replace(/_/g, '')));

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Go's daysIn (proleptic Gregorian; year 0 is a leap year, which Date.UTC would get wrong). */
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/**
 * go-yaml's parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (also with a
 * lower-case t), "2006-1-2 15:4:5.999999999" or "2006-1-2", including time.Parse's range
 * checks (2006-13-01 and 2006-02-30 are strings) and its comma as a decimal separator.
 */
function isGoTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 5, 6, 7].map((i) => Number(m[i] ?? 0));
  if (month === undefined || month < 1 || month > 12) return false;
  if (day === undefined || day < 1 || day > daysIn(year ?? 0, month)) return false;
  const [separator, zone] = [m[4], m[8]];
  if (separator === undefined) return true;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return false;
  // A space takes no zone; T/t need one, whose offset time.Parse allows up to 24:60.
  if (separator === ' ' || zone === undefined) return separator === ' ' && zone === undefined;
  return zone === 'Z' || (Number(zone.slice(1, 3)) <= 24 && Number(zone.slice(4, 6)) <= 60);
}

/**
 * True when go-yaml would read the plain text back as something other than a string. As
 * go-yaml's resolve(): the first character decides what is tried at all — y/n/t/f/o/~ only
 * the map, '.' the map and strconv.ParseFloat, a sign or digit the map, a timestamp, an
 * int, a float and 0b binaries; anything else is a string.
 */
export function resolvesToNonString(text: string): boolean {
  if (text === '') return true;
  const first = text[0] ?? '';
  if ('yYnNtTfFoO~'.includes(first)) return RESOLVE_MAP.has(text);
  if (first === '.') {
    if (RESOLVE_MAP.has(text)) return true;
    return DOT_FLOAT.test(text) && underscoresBetweenDigits(text) && finite(text);
  }
  if (!/[-+0-9]/.test(first)) return false;
  if (RESOLVE_MAP.has(text) || isGoTimestamp(text)) return true;
  const plain = text.replace(/_/g, '');
  if (goParsesInt(plain)) return true;
  if (YAML_FLOAT.test(plain) && finite(plain)) return true;
  if (plain.startsWith('0b')) return goParsesBinary(plain.slice(2), true);
  if (plain.startsWith('-0b')) return goParsesBinary(`-${plain.slice(3)}`, false);
  return false;
}

const isBreak = (c: number): boolean =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
/**
 * go-yaml's printable set, less the invisible characters (format characters such as the bidi
 * overrides/isolates, default-ignorable code points) and the line/paragraph separators: go-yaml writes those raw (U+2028 even as a line break inside 'single quotes'),
 * we force double quotes and escape them (\u202E, \L) so cluster data cannot reorder or
 * break what a human reads — a deliberate difference from kubectl (docs/kubectl-compat.md).
 */
export const isPrintable = (c: number): boolean =>
  (c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)) &&
  !isTerminalUnsafe(c);

interface Analysis {
  blockPlainAllowed: boolean;
  singleAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(text: string): Analysis {
  if (text.length === 0)
    return { blockPlainAllowed: true, singleAllowed: true, blockAllowed: false };
  const chars = [...text];
  let flowIndicators = false;
  let blockIndicators = false;
  if (text.startsWith('---') || text.startsWith('...')) {
    flowIndicators = true;
    blockIndicators = true;
  }
  let specialCharacters = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const followedByWhitespace =
      next === undefined || next === ' ' || next === '\t' || isBreak(next.codePointAt(0) ?? 0);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(ch)) {
      flowIndicators = true;
    } else if (ch === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (!isPrintable(code)) specialCharacters = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(code)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreak(code) || code === 0;
  });
  let blockPlainAllowed = true;
  let singleAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  void flowIndicators; // only matters in flow context, which block output never enters
  return { blockPlainAllowed, singleAllowed, blockAllowed };
}

/** The style go-yaml v2 writes a string in, in block context; `simpleKey` for mapping keys. */
export function scalarStyle(text: string, simpleKey: boolean): ScalarStyle {
  let style: ScalarStyle;
  const canUsePlain = !resolvesToNonString(text) && !BASE60_FLOAT.test(text);
  if (text.includes('\n')) style = 'literal';
  else if (canUsePlain) style = 'plain';
  else style = 'double';
  const analysis = analyze(text);
  if (style === 'plain') {
    if (!analysis.blockPlainAllowed || (text.length === 0 && simpleKey)) style = 'single';
  }
  if (style === 'single' && !analysis.singleAllowed) style = 'double';
  if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
  return style;
}

/**
 * go-yaml's check_simple_key for a string key: at most 128 bytes of UTF-8 and no line break.
 * Any other key is written in the explicit form, `? key` then `: value` on the next line.
 */
export function isSimpleKey(text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') > 128) return false;
  for (const ch of text) if (isBreak(ch.codePointAt(0) ?? 0)) return false;
  return true;
}

/**
 * A JSON number as kubectl's YAML shows it. kubectl writes the decoded object back to JSON
 * (Go's encoding/json spells a float64 as JavaScript's String() does) and go-yaml re-reads
 * that text: an integer that fits int64 or uint64 stays as written; anything else becomes a
 * float64 printed with strconv.FormatFloat(f, 'g', -1, 64) — shortest digits, exponent form
 * when the decimal exponent is below -4 or at least 6 (1234567.5 → 1.2345675e+06, 1e20 →
 * 1e+20, 0.00001 → 1e-05).
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const json = String(value);
  if (/^-?[0-9]+$/.test(json)) {
    const n = BigInt(json);
    if (n >= INT64_MIN && n <= UINT64_MAX) return json;
  }
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return json;
}
