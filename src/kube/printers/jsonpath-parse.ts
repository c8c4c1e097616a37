/**
 * Parsing kubectl JSONPath templates into nodes (text, {expression}, {"literal"},
 * {range}…{end}) and path segments; evaluation and printing live in jsonpath.ts.
 */
export type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'keys'; names: string[] }
  | { kind: 'filter'; left: Segment[]; op?: string; right?: Segment[] | string | number | boolean };

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'expr'; path: Segment[]; root: boolean }
  | { kind: 'literal'; text: string }
  | { kind: 'range'; path: Segment[]; root: boolean; body: Node[] };

export class JsonPathError extends Error {}

function parsePath(src: string): { path: Segment[]; root: boolean } {
  let i = 0;
  let root = false;
  const path: Segment[] = [];
  if (src[i] === '$') {
    root = true;
    i++;
  } else if (src[i] === '@') i++;
  const readName = (): string => {
    let name = '';
    while (i < src.length && src[i] !== '.' && src[i] !== '[') {
      if (src[i] === '\\' && i + 1 < src.length) i++;
      name += src[i];
      i++;
    }
    return name;
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ') {
      i++;
    } else if (src.startsWith('..', i)) {
      i += 2;
      path.push({ kind: 'recursive', name: readName() });
    } else if (ch === '.') {
      i++;
      const name = readName();
      if (name === '*') path.push({ kind: 'wildcard' });
      else if (name !== '') path.push({ kind: 'field', name });
    } else if (ch === '[') {
      const close = findClose(src, i);
      path.push(parseBracket(src.slice(i + 1, close)));
      i = close + 1;
    } else {
      throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(ch)}`);
    }
  }
  return { path, root };
}

function findClose(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated array');
}

function unquote(text: string): string | undefined {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) {
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return undefined;
}

function parseOperand(text: string): Segment[] | string | number | boolean {
  const t = text.trim();
  const quoted = unquote(t);
  if (quoted !== undefined) return quoted;
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('@') || t.startsWith('$')) return parsePath(t).path;
  throw new JsonPathError(`unrecognized filter operand ${t}`);
}

function parseBracket(inner: string): Segment {
  const body = inner.trim();
  if (body === '*') return { kind: 'wildcard' };
  if (body.startsWith('?(') && body.endsWith(')')) {
    const expr = body.slice(2, -1);
    const match = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(expr);
    if (!match) return { kind: 'filter', left: parseOperand(expr) as Segment[] };
    const left = parseOperand(match[1] ?? '');
    if (!Array.isArray(left)) throw new JsonPathError('filter must start with @');
    return { kind: 'filter', left, op: match[2], right: parseOperand(match[3] ?? '') };
  }
  if (body.includes(':')) {
    const [a, b, c] = body
      .split(':')
      .map((part) => (part.trim() === '' ? undefined : Number(part)));
    return { kind: 'slice', start: a, end: b, step: c };
  }
  const parts = body.split(',');
  if (parts.every((part) => unquote(part) !== undefined)) {
    return { kind: 'keys', names: parts.map((part) => unquote(part) as string) };
  }
  if (parts.every((part) => /^\s*-?\d+\s*$/.test(part)))
    return { kind: 'index', indexes: parts.map(Number) };
  throw new JsonPathError(`invalid array index ${body}`);
}

/** Splits a template into nodes, pairing each {range} with its {end}. */
export function parseTemplate(template: string): Node[] {
  const stack: Node[][] = [[]];
  const ranges: Array<Extract<Node, { kind: 'range' }>> = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const top = stack[stack.length - 1] as Node[];
    if (open < 0) {
      top.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) top.push({ kind: 'text', text: template.slice(i, open) });
    let close = open + 1;
    let quote = '';
    for (; close < template.length; close++) {
      const ch = template[close];
      if (quote) {
        if (ch === '\\') close++;
        else if (ch === quote) quote = '';
      } else if (ch === '"') quote = ch;
      else if (ch === '}') break;
    }
    if (close >= template.length) throw new JsonPathError('unclosed action');
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action.startsWith('"') && action.endsWith('"') && action.length >= 2) {
      top.push({ kind: 'literal', text: JSON.parse(action.replace(/\\'/g, "'")) as string });
    } else if (action.startsWith('range ')) {
      const { path, root } = parsePath(action.slice(6).trim());
      const node = { kind: 'range' as const, path, root, body: [] as Node[] };
      top.push(node);
      ranges.push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (!ranges.pop()) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else {
      const { path, root } = parsePath(action);
      top.push({ kind: 'expr', path, root });
    }
  }
  if (ranges.length > 0) throw new JsonPathError('unclosed range');
  return stack[0] as Node[];
}
