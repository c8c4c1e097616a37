/**
 * `logs --since-time`: kubectl parses the value with Go's time.Parse(time.RFC3339, …) before
 * any request and sends it back as UTC with whole seconds (metav1.Time's query form). This
 * reads the RFC 3339 layout as Go's layout parser does — one- or two-digit hours, a fraction
 * after the seconds, offsets up to 24:60 — and words failures as Go's ParseError does.
 */
import { goQuote } from '../../kubectl/go-values.js';

const LAYOUT = '2006-01-02T15:04:05Z07:00';

export type SinceTime = { ok: true; query: string } | { ok: false; error: string };

const isDigit = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's getnum: one or two digits; `fixed` demands two. */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

const daysIn = (month: number, year: number): number => {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/** The layout's chunks: a literal to skip, then a field (its layout text), as nextStdChunk splits it. */
const CHUNKS: Array<[string, string]> = [
  ['', '2006'],
  ['-', '01'],
  ['-', '02'],
  ['T', '15'],
  [':', '04'],
  [':', '05'],
  ['', 'Z07:00'],
];

export function parseSinceTime(value: string): SinceTime {
  const quoted = goQuote(value);
  const cannot = (rest: string, elem: string): SinceTime => ({
    ok: false,
    error: `parsing time ${quoted} as ${goQuote(LAYOUT)}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`,
  });
  const message = (text: string): SinceTime => ({
    ok: false,
    error: `parsing time ${quoted}${text}`,
  });
  const f = { year: 0, month: 0, day: 0, hour: 0, min: 0, sec: 0, offset: 0 };
  let rest = value;
  for (const [literal, elem] of CHUNKS) {
    for (const c of literal) {
      if (rest[0] !== c) return cannot(rest, literal);
      rest = rest.slice(1);
    }
    const hold = rest;
    let range = '';
    let got: [number, string] | undefined;
    switch (elem) {
      case '2006':
        // Four digits (atoi of the first four characters, which must start with a digit).
        if (!/^\d{4}/.test(rest)) return cannot(hold, elem);
        f.year = Number(rest.slice(0, 4));
        rest = rest.slice(4);
        continue;
      case '01':
        got = getnum(rest, true);
        if (got && (got[0] < 1 || got[0] > 12)) range = 'month';
        if (got) f.month = got[0];
        break;
      case '02':
        got = getnum(rest, true);
        if (got) f.day = got[0];
        break;
      case '15':
        got = getnum(rest, false);
        if (got && got[0] >= 24) range = 'hour';
        if (got) f.hour = got[0];
        break;
      case '04':
        got = getnum(rest, true);
        if (got && got[0] >= 60) range = 'minute';
        if (got) f.min = got[0];
        break;
      case '05':
        got = getnum(rest, true);
        if (got && got[0] >= 60) range = 'second';
        if (got) {
          f.sec = got[0];
          // A fraction the layout does not name is read and dropped (whole seconds are sent).
          const fraction = /^[.,]\d+/.exec(got[1]);
          if (fraction && range === '') got[1] = got[1].slice(fraction[0].length);
        }
        break;
      default: {
        // Z07:00: `Z`, or ±hh:mm.
        if (rest[0] === 'Z') {
          rest = rest.slice(1);
          continue;
        }
        if (rest.length < 6 || rest[3] !== ':') return cannot(hold, elem);
        const hh = getnum(rest.slice(1, 3), true);
        const mm = hh && getnum(rest.slice(4, 6), true);
        // Range words win over a malformed part, as in Go.
        if (hh && hh[0] > 24) range = 'time zone offset hour';
        if (mm && mm[0] > 60) range = 'time zone offset minute';
        if (range !== '') return message(`: ${range} out of range`);
        if (!hh || !mm) return cannot(hold, elem);
        if (rest[0] !== '+' && rest[0] !== '-') return cannot(hold, elem);
        f.offset = (rest[0] === '-' ? -1 : 1) * (hh[0] * 60 + mm[0]) * 60;
        rest = rest.slice(6);
        continue;
      }
    }
    if (range !== '') return message(`: ${range} out of range`);
    if (!got) return cannot(hold, elem);
    rest = got[1];
  }
  if (rest !== '') return message(`: extra text: ${goQuote(rest)}`);
  if (f.day < 1 || f.day > daysIn(f.month, f.year)) return message(': day out of range');
  const utc = new Date(0);
  utc.setUTCFullYear(f.year, f.month - 1, f.day);
  utc.setUTCHours(f.hour, f.min, f.sec - f.offset, 0);
  return { ok: true, query: utc.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}
