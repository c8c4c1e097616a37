/**
 * Which programs a shell command line runs, well enough to spot plain `kubectl` in what an
 * agent asks its shell tool to run: the line is split into simple commands at the shell's
 * operators, command substitutions and `sh -c` / `eval` strings are read as commands of their
 * own, and leading variable assignments and wrapper programs (sudo, env, time, xargs, …) are
 * passed over to reach the program itself. Pure; no shell is run.
 *
 * It is a guard rail against habit, not a boundary: an agent that builds the name at run time
 * (`$K get pods`) is not seen. The boundary is the gateway (docs/security.md).
 */

export interface SimpleCommand {
  /** The program word, unquoted (`kubectl`, `/usr/local/bin/kubectl`). */
  program: string;
  args: string[];
}

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '\n', '(', ')', '{', '}'];
/** Reserved words that may precede a command. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time']);
/** Programs that run their argument as a command, and their options that take a value. */
const WRAPPERS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '-C', '-S']),
  command: new Set(),
  exec: new Set(['-a']),
  nohup: new Set(),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n', '-p']),
  stdbuf: new Set(['-i', '-o', '-e']),
  timeout: new Set(['-s', '-k']),
  xargs: new Set(['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s']),
  watch: new Set(['-n', '-d']),
  strace: new Set(['-e', '-o', '-p']),
  chroot: new Set(),
  setsid: new Set(),
};
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);

interface Token {
  text: string;
  operator: boolean;
}

/** Splits a command line into words and operators; substitutions are collected separately. */
function tokenise(line: string, nested: string[]): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) tokens.push({ text: word, operator: false });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\') {
      if (line[i + 1] === '\n') i++;
      else {
        word += line[i + 1] ?? '';
        inWord = true;
        i++;
      }
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += end < 0 ? line.slice(i + 1) : line.slice(i + 1, end);
      inWord = true;
      i = end < 0 ? line.length : end;
      continue;
    }
    if (c === '"') {
      i++;
      inWord = true;
      for (; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length) word += line[++i];
        else if (line.startsWith('$(', i)) i = substitution(line, i + 2, ')', nested) - 1;
        else if (line[i] === '`') i = substitution(line, i + 1, '`', nested) - 1;
        else word += line[i];
      }
      continue;
    }
    if (line.startsWith('$(', i) || c === '`') {
      // The substitution runs a command of its own; its output is an unknown word here.
      i = substitution(line, c === '`' ? i + 1 : i + 2, c === '`' ? '`' : ')', nested) - 1;
      word += '$?';
      inWord = true;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = line.indexOf('\n', i);
      i = end < 0 ? line.length : end - 1;
      continue;
    }
    if (((c === '<' || c === '>') && (!inWord || /^\d+$/.test(word))) || line.startsWith('&>', i)) {
      // A redirection (`2>&1`, `&>f`, `<f`): the operator goes, its target word is dropped below.
      word = '';
      inWord = false;
      while ('<>&'.includes(line[i + 1] ?? ' ')) i++;
      tokens.push({ text: '>', operator: false });
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      flush();
      tokens.push({ text: op, operator: true });
      i += op.length - 1;
      continue;
    }
    if (/\s/.test(c)) {
      flush();
      continue;
    }
    word += c;
    inWord = true;
  }
  flush();
  return tokens;
}

/** Collects the text of a substitution starting at `from`; returns the index after its end. */
function substitution(line: string, from: number, close: string, nested: string[]): number {
  let depth = 1;
  let i = from;
  for (; i < line.length; i++) {
    if (line[i] === '\\') {
      i++;
      continue;
    }
    if (close === ')' && line.startsWith('$(', i)) {
      depth++;
      i++;
    } else if (line[i] === close && --depth === 0) break;
  }
  nested.push(line.slice(from, i));
  return i + 1;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The program of one simple command, past assignments, redirections and wrappers. */
function programOf(words: string[], nested: string[]): SimpleCommand | undefined {
  let i = 0;
  for (;;) {
    while (i < words.length) {
      const w = words[i] as string;
      if (w === '>') i += 2;
      else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || KEYWORDS.has(w)) i++;
      else break;
    }
    const word = words[i];
    if (word === undefined) return undefined;
    const name = basename(word);
    const valued = WRAPPERS[name];
    if (valued) {
      i++;
      while (i < words.length && (words[i] as string).startsWith('-')) {
        if (valued.has(words[i] as string)) i++;
        i++;
      }
      if (name === 'timeout') i++; // its DURATION
      continue;
    }
    const args = words.slice(i + 1).filter((w, n, all) => w !== '>' && all[n - 1] !== '>');
    if (SHELLS.has(name) || name === 'eval') {
      // `sh -c 'kubectl …'` and `eval '…'`: the string is a command line of its own.
      const c = args.indexOf('-c');
      if (name === 'eval') nested.push(args.join(' '));
      else if (c >= 0 && args[c + 1] !== undefined) nested.push(args[c + 1] as string);
    }
    return { program: word, args };
  }
}

/** Every simple command the line runs, substitutions and `sh -c` strings included. */
export function simpleCommands(line: string, depth = 0): SimpleCommand[] {
  const nested: string[] = [];
  const out: SimpleCommand[] = [];
  let words: string[] = [];
  const end = (): void => {
    const command = programOf(words, nested);
    if (command) out.push(command);
    words = [];
  };
  for (const token of tokenise(line, nested)) {
    if (token.operator) end();
    else words.push(token.text);
  }
  end();
  // Deeply nested strings are refused by the caller rather than walked forever.
  if (depth < 8) for (const inner of nested) out.push(...simpleCommands(inner, depth + 1));
  else if (nested.length > 0) out.push({ program: '<too deeply nested>', args: [] });
  return out;
}
