/**
 * The grammar of the sandbox's `sh`: simple commands joined by `;`, `&&`, `||` and newlines,
 * with '…' and "…" quoting, backslash escapes, `$VAR` / `${VAR}` / `$?`, and the redirections
 * `>`, `>>`, `<`, `N>&M`. Pipes, subshells and control flow are refused with a syntax error
 * rather than half-run. Pure: text in, a list of commands (or a message) out.
 */

/** A word before expansion: literal text and variable references, in order. */
export type WordPart = { text: string } | { variable: string };
export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  /** A file name, or for `>&` the descriptor number as text. */
  target: Word;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
  /** How this command joins the one before it. */
  after: ';' | '&&' | '||';
}

export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const UNSUPPORTED = new Set(['|', '&', '(', ')', '`']);

/** Reads a `$…` reference at `text[i]` (the `$`); returns the part and the index after it. */
function variableAt(text: string, i: number): [WordPart, number] {
  const rest = text.slice(i + 1);
  if (rest.startsWith('{')) {
    const end = rest.indexOf('}');
    const name = end > 0 ? rest.slice(1, end) : '';
    if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|\?)$/.test(name))
      throw new ShellSyntaxError('bad substitution');
    return [{ variable: name }, i + end + 2];
  }
  if (rest.startsWith('?')) return [{ variable: '?' }, i + 2];
  const name = NAME.exec(rest)?.[0];
  if (name) return [{ variable: name }, i + 1 + name.length];
  if (rest.startsWith('(')) throw new ShellSyntaxError('command substitution is not supported');
  return [{ text: '$' }, i + 1];
}

export function parseShell(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], redirects: [], after: ';' };
  let word: Word | undefined;
  let pendingRedirect: Omit<Redirect, 'target'> | undefined;
  const push = (part: WordPart): void => {
    word ??= [];
    const last = word.at(-1);
    if ('text' in part && last && 'text' in last) last.text += part.text;
    else word.push(part);
  };
  const endWord = (): void => {
    if (word === undefined) return;
    if (pendingRedirect) current.redirects.push({ ...pendingRedirect, target: word });
    else current.words.push(word);
    pendingRedirect = undefined;
    word = undefined;
  };
  const endCommand = (next: SimpleCommand['after']): void => {
    endWord();
    if (pendingRedirect) throw new ShellSyntaxError('syntax error: unexpected redirection');
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    else if (next !== ';') throw new ShellSyntaxError(`syntax error: unexpected "${next}"`);
    current = { words: [], redirects: [], after: next };
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const two = text.slice(i, i + 2);
    if (ch === '#' && word === undefined) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === ' ' || ch === '\t') {
      endWord();
      i++;
    } else if (ch === ';' || ch === '\n') {
      endCommand(';');
      i++;
    } else if (two === '&&' || two === '||') {
      endCommand(two);
      i += 2;
    } else if (
      ch === '>' ||
      ch === '<' ||
      (/[0-9]/.test(ch) && word === undefined && /^[0-9]+[<>]/.test(text.slice(i)))
    ) {
      const match = /^([0-9]*)(>>|>&|>|<)/.exec(text.slice(i));
      if (!match) throw new ShellSyntaxError('syntax error');
      endWord();
      const op = match[2] as Redirect['op'];
      const fd = match[1] ? Number(match[1]) : op === '<' ? 0 : 1;
      pendingRedirect = { fd, op };
      i += match[0].length;
      while (text[i] === ' ' || text[i] === '\t') i++;
    } else if (UNSUPPORTED.has(ch)) {
      throw new ShellSyntaxError(`syntax error: "${ch}" is not supported by the sandbox's sh`);
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('syntax error: unterminated quoted string');
      push({ text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === '"') {
      i++;
      push({ text: '' });
      while (i < text.length && text[i] !== '"') {
        const c = text[i] ?? '';
        if (c === '\\' && /["\\$`\n]/.test(text[i + 1] ?? '')) {
          push({ text: text[i + 1] ?? '' });
          i += 2;
        } else if (c === '$') {
          const [part, next] = variableAt(text, i);
          push(part);
          i = next;
        } else if (c === '`') {
          throw new ShellSyntaxError('command substitution is not supported');
        } else {
          push({ text: c });
          i++;
        }
      }
      if (text[i] !== '"') throw new ShellSyntaxError('syntax error: unterminated quoted string');
      i++;
    } else if (ch === '\\') {
      if (text[i + 1] !== '\n') push({ text: text[i + 1] ?? '' });
      i += 2;
    } else if (ch === '$') {
      const [part, next] = variableAt(text, i);
      push(part);
      i = next;
    } else {
      push({ text: ch });
      i++;
    }
  }
  endCommand(';');
  return commands;
}
