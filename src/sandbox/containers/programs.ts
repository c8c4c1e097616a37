/**
 * The sandbox containers' programs (besides `sh` and `tar`): small, deterministic versions of
 * the coreutils an agent reaches for first. Messages follow busybox's wording.
 */
import { posix } from 'node:path';
import { FsError, MemoryFs } from './fs.js';
import type { Proc, Program } from './process.js';

/** The longest `sleep` the sandbox honours: a stuck client cannot hold a session for ever. */
export const MAX_SLEEP_SECONDS = 600;

function fail(proc: Proc, name: string, error: unknown): number {
  const message = error instanceof FsError || error instanceof Error ? error.message : '?';
  proc.err(`${name}: ${message}\n`);
  return 1;
}

const echo: Program = (proc) => {
  const args = [...proc.args];
  let newline = true;
  while (args[0] === '-n') {
    args.shift();
    newline = false;
  }
  proc.out(`${args.join(' ')}${newline ? '\n' : ''}`);
  return Promise.resolve(0);
};

const cat: Program = async (proc) => {
  const files = proc.args.length === 0 ? ['-'] : proc.args;
  let status = 0;
  for (const file of files) {
    if (file === '-') {
      for (let chunk = await proc.stdin.read(); chunk; chunk = await proc.stdin.read()) {
        proc.out(chunk);
        await proc.drained();
      }
      continue;
    }
    try {
      proc.out(proc.fs.readFile(MemoryFs.resolve(proc.cwd, file)));
    } catch (error) {
      status = fail(
        proc,
        'cat',
        error instanceof FsError ? new FsError(file, error.reason) : error,
      );
    }
  }
  return status;
};

const env: Program = (proc) => {
  if (proc.args.length > 0) {
    proc.err('env: running a command through env is not supported in the sandbox\n');
    return Promise.resolve(125);
  }
  for (const [key, value] of proc.env) proc.out(`${key}=${value}\n`);
  return Promise.resolve(0);
};

const printenv: Program = (proc) => {
  if (proc.args.length === 0) return env(proc);
  let status = 0;
  for (const name of proc.args) {
    const value = proc.env.get(name);
    if (value === undefined) status = 1;
    else proc.out(`${value}\n`);
  }
  return Promise.resolve(status);
};

function modeString(kind: 'file' | 'dir', mode: number): string {
  const bits = 'rwxrwxrwx'
    .split('')
    .map((ch, i) => ((mode >> (8 - i)) & 1 ? ch : '-'))
    .join('');
  return `${kind === 'dir' ? 'd' : '-'}${bits}`;
}

const ls: Program = (proc) => {
  const flags = proc.args.filter((a) => a.startsWith('-') && a.length > 1).join('');
  const long = flags.includes('l');
  const all = flags.includes('a');
  const paths = proc.args.filter((a) => !a.startsWith('-') || a === '-');
  let status = 0;
  const line = (name: string, path: string): string => {
    if (!long) return `${name}\n`;
    const entry = proc.fs.get(path);
    if (!entry) return `${name}\n`;
    const size = entry.kind === 'file' ? entry.data.length : 4096;
    const date = entry.mtime.toISOString().slice(0, 16).replace('T', ' ');
    return `${modeString(entry.kind, entry.mode)} 1 root root ${String(size).padStart(8)} ${date} ${name}\n`;
  };
  const targets = paths.length === 0 ? ['.'] : paths;
  for (const [index, target] of targets.entries()) {
    const path = MemoryFs.resolve(proc.cwd, target);
    const entry = proc.fs.get(path);
    if (!entry) {
      proc.err(`ls: ${target}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (entry.kind === 'file') {
      proc.out(line(target, path));
      continue;
    }
    if (targets.length > 1) proc.out(`${index > 0 ? '\n' : ''}${target}:\n`);
    const names = proc.fs.list(path).filter((n) => all || !n.startsWith('.'));
    for (const name of all ? ['.', '..', ...names] : names)
      proc.out(line(name, posix.join(path, name)));
  }
  return Promise.resolve(status);
};

const sleep: Program = (proc) => {
  // `sleep infinity` (a pod's way to idle) ends only when its client or pod goes away.
  const seconds = proc.args[0] === 'infinity' ? Infinity : Number(proc.args[0]);
  if (proc.args.length !== 1 || Number.isNaN(seconds) || seconds < 0) {
    proc.err(`sleep: invalid number '${proc.args[0] ?? ''}'\n`);
    return Promise.resolve(1);
  }
  const ms = seconds === Infinity ? Infinity : Math.min(seconds, MAX_SLEEP_SECONDS) * 1000;
  return new Promise((resolve) => {
    if (proc.signal.aborted) return resolve(130);
    const timer = Number.isFinite(ms) ? setTimeout(() => resolve(0), ms) : undefined;
    proc.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(130);
    });
  });
};

/** `test` / `[`: the file and string tests kubectl cp and simple scripts use. */
function test(args: string[], proc: Proc): boolean | undefined {
  if (args[0] === '!') {
    const inner = test(args.slice(1), proc);
    return inner === undefined ? undefined : !inner;
  }
  if (args.length === 0) return false;
  if (args.length === 1) return (args[0] ?? '') !== '';
  const [a = '', op = '', b = ''] = args;
  if (args.length === 2) {
    const entry = proc.fs.get(MemoryFs.resolve(proc.cwd, op));
    if (a === '-d') return entry?.kind === 'dir';
    if (a === '-f') return entry?.kind === 'file';
    if (a === '-e') return entry !== undefined;
    if (a === '-s') return entry?.kind === 'file' && entry.data.length > 0;
    if (a === '-n') return op !== '';
    if (a === '-z') return op === '';
    return undefined;
  }
  if (args.length !== 3) return undefined;
  if (op === '=' || op === '==') return a === b;
  if (op === '!=') return a !== b;
  const numeric: Record<string, (x: number, y: number) => boolean> = {
    '-eq': (x, y) => x === y,
    '-ne': (x, y) => x !== y,
    '-lt': (x, y) => x < y,
    '-le': (x, y) => x <= y,
    '-gt': (x, y) => x > y,
    '-ge': (x, y) => x >= y,
  };
  const compare = numeric[op];
  return compare ? compare(Number(a), Number(b)) : undefined;
}

function testProgram(bracket: boolean): Program {
  return (proc) => {
    let args = proc.args;
    if (bracket) {
      if (args.at(-1) !== ']') {
        proc.err('[: missing ]\n');
        return Promise.resolve(2);
      }
      args = args.slice(0, -1);
    }
    const result = test(args, proc);
    if (result === undefined) {
      proc.err(`${bracket ? '[' : 'test'}: syntax error\n`);
      return Promise.resolve(2);
    }
    return Promise.resolve(result ? 0 : 1);
  };
}

const mkdir: Program = (proc) => {
  const parents = proc.args.includes('-p');
  let status = 0;
  for (const dir of proc.args.filter((a) => !a.startsWith('-'))) {
    const path = MemoryFs.resolve(proc.cwd, dir);
    try {
      if (!parents && proc.fs.get(path))
        throw new Error(`can't create directory '${dir}': File exists`);
      if (!parents && !proc.fs.get(posix.dirname(path)))
        throw new FsError(dir, 'No such file or directory');
      proc.fs.makeDirs(path);
    } catch (error) {
      status = fail(proc, 'mkdir', error);
    }
  }
  return Promise.resolve(status);
};

const rm: Program = (proc) => {
  const force = proc.args.some((a) => a.startsWith('-') && a.includes('f'));
  const recursive = proc.args.some((a) => a.startsWith('-') && /[rR]/.test(a));
  let status = 0;
  for (const target of proc.args.filter((a) => !a.startsWith('-'))) {
    const path = MemoryFs.resolve(proc.cwd, target);
    const entry = proc.fs.get(path);
    if (!entry) {
      if (!force)
        status = fail(
          proc,
          'rm',
          new FsError(`can't remove '${target}'`, 'No such file or directory'),
        );
      continue;
    }
    if (entry.kind === 'dir' && !recursive) {
      status = fail(proc, 'rm', new Error(`'${target}' is a directory`));
      continue;
    }
    if (path !== '/') proc.fs.remove(path);
  }
  return Promise.resolve(status);
};

export const PROGRAMS: ReadonlyMap<string, Program> = new Map<string, Program>([
  ['echo', echo],
  ['cat', cat],
  ['env', env],
  ['printenv', printenv],
  ['ls', ls],
  ['true', () => Promise.resolve(0)],
  ['false', () => Promise.resolve(1)],
  ['sleep', sleep],
  ['test', testProgram(false)],
  ['[', testProgram(true)],
  ['hostname', (proc) => (proc.out(`${proc.env.get('HOSTNAME') ?? ''}\n`), Promise.resolve(0))],
  ['pwd', (proc) => (proc.out(`${proc.cwd}\n`), Promise.resolve(0))],
  ['mkdir', mkdir],
  ['rm', rm],
]);
