/**
 * YAML exactly as kubectl prints it: go-yaml v2 block style (two-space indent, sequences in
 * mappings not indented, keys in go-yaml's "natural" order, scalars quoted by
 * yaml-scalar.ts's rules) including go-yaml's folding of long plain and quoted scalars at
 * spaces once the line passes column 80.
 */
import { goFloat, isPrintable, isSimpleKey, scalarStyle } from './yaml-scalar.js';

export { goFloat };

const BEST_WIDTH = 80;

/**
 * go-yaml v2's key order: letters after non-letters, digit runs compared as numbers — in
 * int64 arithmetic that wraps, as Go's does (a run of 20 nines sorts as a negative number).
 */
export function yamlKeyCompare(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string): boolean => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);
  const digit = (c: string): bigint => BigInt((c.codePointAt(0) ?? 0) - 0x30);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i] as string;
    const y = br[i] as string;
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return (x.codePointAt(0) ?? 0) - (y.codePointAt(0) ?? 0);
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (x === '0' || y === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++)
      an = BigInt.asIntN(64, an * 10n + digit(ar[ai] as string));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++)
      bn = BigInt.asIntN(64, bn * 10n + digit(br[bi] as string));
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai - bi;
    return (x.codePointAt(0) ?? 0) - (y.codePointAt(0) ?? 0);
  }
  return ar.length - br.length;
}

class Writer {
  text = '';
  column = 0;

  put(s: string): void {
    this.text += s;
    for (const _ of s) this.column++;
  }

  newline(indent: number): void {
    this.text += `\n${' '.repeat(indent)}`;
    this.column = indent;
  }
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

function writeDouble(w: Writer, text: string, indent: number, allowBreaks: boolean): void {
  w.put('"');
  const chars = [...text];
  let spaces = false;
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0) ?? 0;
    const isBreakChar =
      code === 0x0a || code === 0x0d || code === 0x85 || code === 0x2028 || code === 0x2029;
    if (!isPrintable(code) || code === 0xfeff || isBreakChar || ch === '"' || ch === '\\') {
      const short = DOUBLE_ESCAPES[code];
      if (short !== undefined) w.put(`\\${short}`);
      else if (code <= 0xff) w.put(`\\x${code.toString(16).toUpperCase().padStart(2, '0')}`);
      else if (code <= 0xffff) w.put(`\\u${code.toString(16).toUpperCase().padStart(4, '0')}`);
      else w.put(`\\U${code.toString(16).toUpperCase().padStart(8, '0')}`);
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
        w.newline(indent);
        if (chars[i + 1] === ' ') w.put('\\');
      } else w.put(ch);
      spaces = true;
    } else {
      w.put(ch);
      spaces = false;
    }
  });
  w.put('"');
}

function writeSingle(w: Writer, text: string, indent: number, allowBreaks: boolean): void {
  w.put("'");
  const chars = [...text];
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      if (
        allowBreaks &&
        !spaces &&
        w.column > BEST_WIDTH &&
        i > 0 &&
        i < chars.length - 1 &&
        chars[i + 1] !== ' '
      ) {
        w.newline(indent);
      } else w.put(ch);
      spaces = true;
    } else {
      w.put(ch === "'" ? "''" : ch);
      spaces = false;
    }
  });
  w.put("'");
}

function writePlain(w: Writer, text: string, indent: number, allowBreaks: boolean): void {
  const chars = [...text];
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && chars[i + 1] !== ' ')
        w.newline(indent);
      else w.put(ch);
      spaces = true;
    } else {
      w.put(ch);
      spaces = false;
    }
  });
}

function writeLiteral(w: Writer, text: string, indent: number): void {
  let hints = '|';
  if (text.startsWith(' ') || text.startsWith('\n')) hints += '2';
  if (!text.endsWith('\n')) hints += '-';
  else if (text === '\n' || text.endsWith('\n\n')) hints += '+';
  w.put(hints);
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  for (const line of lines) {
    if (line === '') {
      w.text += '\n';
      w.column = 0;
    } else {
      w.newline(indent);
      w.put(line);
    }
  }
  if (text.endsWith('\n')) {
    // The final break belongs to the scalar; the next line starts at column 0.
    w.text += '\n';
    w.column = 0;
    pendingBreakConsumed.add(w);
  }
}

/** Writers whose last literal already ended the line (go-yaml's write_indent then adds no break). */
const pendingBreakConsumed = new WeakSet<Writer>();

function writeString(w: Writer, text: string, indent: number, simpleKey: boolean): void {
  const style = scalarStyle(text, simpleKey);
  const allowBreaks = !simpleKey;
  if (style === 'plain') writePlain(w, text, indent, allowBreaks);
  else if (style === 'single') writeSingle(w, text, indent, allowBreaks);
  else if (style === 'double') writeDouble(w, text, indent, allowBreaks);
  else writeLiteral(w, text, indent);
}

function writeScalar(w: Writer, value: unknown, indent: number): void {
  if (value === null || value === undefined) w.put('null');
  else if (typeof value === 'boolean') w.put(value ? 'true' : 'false');
  else if (typeof value === 'number') w.put(goFloat(value));
  else writeString(w, String(value), indent, false);
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Starts a new line at `indent`, unless a literal scalar just ended one (go-yaml's write_indent). */
function lineAt(w: Writer, indent: number): void {
  if (pendingBreakConsumed.has(w)) {
    pendingBreakConsumed.delete(w);
    w.put(' '.repeat(indent));
    return;
  }
  w.newline(indent);
}

function writeMapping(
  w: Writer,
  map: Record<string, unknown>,
  indent: number,
  firstOnLine: boolean,
): void {
  const keys = Object.keys(map)
    .filter((key) => map[key] !== undefined)
    .sort(yamlKeyCompare);
  keys.forEach((key, index) => {
    if (index > 0 || !firstOnLine) lineAt(w, indent);
    if (isSimpleKey(key)) {
      writeString(w, key, indent + 2, true);
      w.put(':');
      writeValue(w, map[key], indent, true);
      return;
    }
    // go-yaml's explicit key: the key as a block scalar (folded, literal if multi-line) after
    // "? ", then ":" at the mapping's indent, the value following as after a "- ".
    w.put('?');
    writeValue(w, key, indent, false);
    lineAt(w, indent);
    w.put(':');
    writeValue(w, map[key], indent, false);
  });
}

function writeSequence(w: Writer, list: unknown[], indent: number, firstOnLine: boolean): void {
  list.forEach((item, index) => {
    if (index > 0 || !firstOnLine) lineAt(w, indent);
    w.put('-');
    writeValue(w, item, indent, false);
  });
}

/** Writes a value after "key:" (inMapping) or "-" at block indent `indent`. */
function writeValue(w: Writer, value: unknown, indent: number, inMapping: boolean): void {
  if (isMap(value) && Object.keys(value).some((key) => value[key] !== undefined)) {
    if (inMapping) writeMapping(w, value, indent + 2, false);
    else {
      w.put(' ');
      writeMapping(w, value, indent + 2, true);
    }
  } else if (Array.isArray(value) && value.length > 0) {
    if (inMapping) writeSequence(w, value, indent, false);
    else {
      w.put(' ');
      writeSequence(w, value, indent + 2, true);
    }
  } else if (isMap(value)) w.put(' {}');
  else if (Array.isArray(value)) w.put(' []');
  else {
    w.put(' ');
    writeScalar(w, value, indent + 2);
  }
}

export function printYaml(value: unknown): string {
  const w = new Writer();
  if (isMap(value) && Object.keys(value).length > 0) writeMapping(w, value, 0, true);
  else if (Array.isArray(value) && value.length > 0) writeSequence(w, value, 0, true);
  else if (isMap(value)) w.put('{}');
  else if (Array.isArray(value)) w.put('[]');
  else writeScalar(w, value, 0);
  if (!pendingBreakConsumed.has(w)) w.text += '\n';
  return w.text;
}
