/**
 * The sandbox's `sh` (and `bash`): runs the commands shell-parse.ts reads, with the shell's own
 * builtins (`exit`, `cd`, `export`, assignments) and the programs of programs.ts and tar.ts.
 * `sh -c LINE` runs a line; `sh` with stdin is interactive (interactive.ts).
 */
import { Readable } from 'node:stream';
import { FsError, MemoryFs } from './fs.js';
import { interactive } from './interactive.js';
import { Input, programName, type Output, type Proc, type Program } from './process.js';
import { PROGRAMS } from './programs.js';
import { parseShell, ShellSyntaxError, type SimpleCommand, type Word } from './shell-parse.js';
import { tar } from './tar.js';

/** Thrown by `exit`: ends the script (or the interactive session) with its code. */
export class ShellExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ShellExit';
  }
}

/** A shell's state: the process it runs as, plus `$?`. */
export interface ShellState extends Proc {
  status: number;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

function expand(word: Word, state: ShellState): string {
  return word
    .map((part) =>
      'text' in part
        ? part.text
        : part.variable === '?'
          ? String(state.status)
          : (state.env.get(part.variable) ?? ''),
    )
    .join('');
}

const sh: Program = (proc) => runShell(proc);

/** Every program a container can run, by its name. */
export function findProgram(word: string): Program | undefined {
  const name = programName(word);
  if (name === undefined) return undefined;
  if (name === 'sh' || name === 'bash') return sh;
  if (name === 'tar') return tar;
  return PROGRAMS.get(name);
}

async function runShell(proc: Proc): Promise<number> {
  const state: ShellState = { ...proc, env: new Map(proc.env), status: 0 };
  const args = proc.args.filter((a) => a !== '-e' && a !== '-x' && a !== '-i' && a !== '-l');
  if (args[0] === '-c') {
    if (args[1] === undefined) {
      proc.err('sh: -c requires an argument\n');
      return 2;
    }
    return runScript(state, args[1]);
  }
  if (args[0] !== undefined) {
    const path = MemoryFs.resolve(proc.cwd, args[0]);
    try {
      return await runScript(state, proc.fs.readFile(path).toString('utf8'));
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      proc.err(`sh: can't open '${args[0]}': ${error.reason}\n`);
      return 2;
    }
  }
  return interactive(state, (line) => runScript(state, line, true));
}

/** Runs a script; `exit` inside it ends it, or (interactive) is passed on as ShellExit. */
export async function runScript(
  state: ShellState,
  text: string,
  rethrowExit = false,
): Promise<number> {
  let commands: SimpleCommand[];
  try {
    commands = parseShell(text);
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    state.err(`sh: ${error.message}\n`);
    state.status = 2;
    return 2;
  }
  try {
    for (const command of commands) {
      if (command.after === '&&' && state.status !== 0) continue;
      if (command.after === '||' && state.status === 0) continue;
      state.status = await runCommand(state, command);
      if (state.signal.aborted) break;
    }
  } catch (error) {
    if (!(error instanceof ShellExit) || rethrowExit) throw error;
    state.status = error.code;
  }
  return state.status;
}

interface Streams {
  stdin: Input;
  out: Output;
  err: Output;
  files: { path: string; append: boolean; chunks: Buffer[] }[];
}

/** Applies redirections left to right, as sh does (`>f 2>&1` sends both to f). */
function redirect(state: ShellState, command: SimpleCommand): Streams | string {
  const fds: Output[] = [state.out, state.err];
  const streams: Streams = { stdin: state.stdin, out: state.out, err: state.err, files: [] };
  for (const r of command.redirects) {
    const target = expand(r.target, state);
    if (r.fd > 2) return `${r.fd}: bad file descriptor`;
    if (r.op === '<') {
      try {
        const data = state.fs.readFile(MemoryFs.resolve(state.cwd, target));
        streams.stdin = new Input(Readable.from([data]));
      } catch (error) {
        return error instanceof FsError ? `can't open '${target}': ${error.reason}` : String(error);
      }
      continue;
    }
    if (r.fd === 0) return `${target}: bad redirection`;
    let output: Output;
    if (r.op === '>&') {
      const to = target === '1' ? fds[0] : target === '2' ? fds[1] : undefined;
      if (!to) return `${target}: bad file descriptor`;
      output = to;
    } else if (target === '/dev/null') {
      output = () => undefined;
    } else {
      const file = {
        path: MemoryFs.resolve(state.cwd, target),
        append: r.op === '>>',
        chunks: [] as Buffer[],
      };
      streams.files.push(file);
      output = (data) => file.chunks.push(Buffer.from(data));
    }
    fds[r.fd - 1] = output;
  }
  streams.out = fds[0] ?? state.out;
  streams.err = fds[1] ?? state.err;
  return streams;
}

async function runCommand(state: ShellState, command: SimpleCommand): Promise<number> {
  const words = command.words.map((w) => expand(w, state));
  const assignments: [string, string][] = [];
  while (words[0] !== undefined && ASSIGNMENT.test(words[0])) {
    const word = words.shift() ?? '';
    const eq = word.indexOf('=');
    assignments.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  if (words.length === 0) {
    for (const [key, value] of assignments) state.env.set(key, value);
    return 0;
  }
  const streams = redirect(state, command);
  if (typeof streams === 'string') {
    state.err(`sh: ${streams}\n`);
    return 1;
  }
  const [name = '', ...args] = words;
  const env = new Map(state.env);
  for (const [key, value] of assignments) env.set(key, value);
  const proc: Proc = { ...state, ...streams, args, env };
  let status: number;
  const builtin = BUILTINS[name];
  if (builtin) {
    status = builtin(state, proc);
  } else {
    const program = findProgram(name);
    if (!program) {
      streams.err(`sh: ${name}: not found\n`);
      return 127;
    }
    status = await program(proc);
  }
  for (const file of streams.files) {
    try {
      const before = file.append
        ? state.fs.get(file.path)?.kind === 'file'
          ? state.fs.readFile(file.path)
          : Buffer.alloc(0)
        : Buffer.alloc(0);
      state.fs.writeFile(file.path, Buffer.concat([before, ...file.chunks]));
    } catch (error) {
      state.err(
        `sh: can't create ${file.path}: ${error instanceof FsError ? error.reason : String(error)}\n`,
      );
      status = 1;
    }
  }
  return status;
}

type Builtin = (state: ShellState, proc: Proc) => number;

const BUILTINS: Record<string, Builtin> = {
  exit: (state, proc) => {
    const code = proc.args[0] === undefined ? state.status : Number(proc.args[0]);
    if (!Number.isInteger(code)) {
      proc.err(`sh: exit: Illegal number: ${proc.args[0] ?? ''}\n`);
      throw new ShellExit(2);
    }
    throw new ShellExit(((code % 256) + 256) % 256);
  },
  cd: (state, proc) => {
    const path = MemoryFs.resolve(state.cwd, proc.args[0] ?? state.env.get('HOME') ?? '/');
    if (state.fs.get(path)?.kind !== 'dir') {
      proc.err(`sh: cd: can't cd to ${proc.args[0] ?? ''}: No such file or directory\n`);
      return 2;
    }
    state.cwd = path;
    return 0;
  },
  export: (state, proc) => {
    for (const arg of proc.args) {
      const eq = arg.indexOf('=');
      if (eq > 0) state.env.set(arg.slice(0, eq), arg.slice(eq + 1));
    }
    return 0;
  },
  unset: (state, proc) => {
    for (const arg of proc.args) state.env.delete(arg);
    return 0;
  },
  ':': () => 0,
};
