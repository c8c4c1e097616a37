/**
 * JSON exactly as kubectl prints it (Go's json.MarshalIndent with four spaces on an
 * unstructured object): object keys sorted bytewise, `<`, `>`, `&`, U+2028 and U+2029
 * escaped, control characters escaped the way Go escapes them, and a final newline.
 * One deliberate difference (docs/kubectl-compat.md): DEL, the C1 controls and the bidi
 * overrides/isolates, which Go writes raw, are escaped as `\uXXXX` so hostile cluster data
 * cannot drive the terminal; the JSON still parses to the same strings.
 */
import { escapeChar, isTerminalUnsafe } from '../../common/terminal-json.js';

const GO_SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function goJsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const short = GO_SHORT[ch];
    if (short) out += short;
    else if (
      code < 0x20 ||
      ch === '<' ||
      ch === '>' ||
      ch === '&' ||
      code === 0x2028 ||
      code === 0x2029 ||
      isTerminalUnsafe(code)
    ) {
      out += escapeChar(ch);
    } else if (code >= 0xd800 && code <= 0xdfff)
      out += '\\ufffd'; // lone surrogate: Go writes U+FFFD
    else out += ch;
  }
  return `${out}"`;
}

/** Go's byte order for map keys (UTF-8 order, which differs from UTF-16 order only above U+FFFF). */
export function goKeyCompare(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

function encode(value: unknown, indent: string, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'string') {
    out.push(goJsonString(value));
  } else if (typeof value === 'number') {
    out.push(Number.isFinite(value) ? JSON.stringify(value) : 'null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const inner = `${indent}    `;
    out.push('[\n');
    value.forEach((item, index) => {
      out.push(inner);
      encode(item, inner, out);
      out.push(index < value.length - 1 ? ',\n' : '\n');
    });
    out.push(`${indent}]`);
  } else if (typeof value === 'object') {
    const keys = Object.keys(value as object)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort(goKeyCompare);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = `${indent}    `;
    out.push('{\n');
    keys.forEach((key, index) => {
      out.push(inner, goJsonString(key), ': ');
      encode((value as Record<string, unknown>)[key], inner, out);
      out.push(index < keys.length - 1 ? ',\n' : '\n');
    });
    out.push(`${indent}}`);
  } else {
    out.push('null');
  }
}

export function printJson(value: unknown): string {
  const out: string[] = [];
  encode(value, '', out);
  out.push('\n');
  return out.join('');
}
