/**
 * The label selector lexer of k8s.io/apimachinery/pkg/labels: byte-wise, whitespace-separated,
 * operators read greedily (`!=`, `==`), and the words `in` and `notin` as keywords.
 */

export type Token =
  'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

export interface Item {
  tok: Token;
  lit: string;
}

const KEYWORDS: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['in', 'in'],
  ['<', '<'],
  ['!=', '!='],
  ['notin', 'notin'],
  ['(', '('],
]);

const isWhitespace = (ch: string): boolean =>
  ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

/** Splits the text into tokens the way the server's lexer does (byte-wise, greedy operators). */
export function lex(text: string): Item[] {
  // The Go lexer treats a NUL byte as the end of input.
  const nul = text.indexOf('\0');
  const s = nul === -1 ? text : text.slice(0, nul);
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] ?? '')) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    const ch = s[pos] ?? '';
    if (isSpecial(ch)) {
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos] ?? '')) {
        buffer += s[pos];
        const tok = KEYWORDS.get(buffer);
        if (tok !== undefined) {
          last = { tok, lit: buffer };
        } else if (last !== undefined) {
          break;
        }
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      while (pos < s.length && !isSpecial(s[pos] ?? '') && !isWhitespace(s[pos] ?? '')) {
        buffer += s[pos];
        pos++;
      }
      items.push({ tok: KEYWORDS.get(buffer) ?? 'id', lit: buffer });
    }
  }
}
