/** Runs a container program in memory, as the runtime would, and collects what it wrote. */
import { Readable } from 'node:stream';
import { MemoryFs } from '../../../src/sandbox/containers/fs.js';
import { Input, type Proc } from '../../../src/sandbox/containers/process.js';
import { findProgram } from '../../../src/sandbox/containers/shell.js';

export interface Ran {
  code: number | 'not found';
  out: string;
  err: string;
  outBytes: Buffer;
  fs: MemoryFs;
}

export const fixedNow = (): Date => new Date('2026-01-02T03:04:05Z');

export async function run(
  argv: string[],
  options: {
    stdin?: string | Buffer | string[];
    tty?: boolean;
    fs?: MemoryFs;
    signal?: AbortSignal;
  } = {},
): Promise<Ran> {
  const fs = options.fs ?? new MemoryFs('pod-a', fixedNow);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const program = findProgram(argv[0] ?? '');
  if (!program) return { code: 'not found', out: '', err: '', outBytes: Buffer.alloc(0), fs };
  const chunks =
    options.stdin === undefined
      ? undefined
      : Array.isArray(options.stdin)
        ? options.stdin.map((s) => Buffer.from(s))
        : [Buffer.from(options.stdin)];
  const proc: Proc = {
    args: argv.slice(1),
    env: new Map([
      ['PATH', '/bin'],
      ['HOSTNAME', 'pod-a'],
      ['HOME', '/root'],
    ]),
    fs,
    cwd: '/',
    stdin: chunks ? new Input(Readable.from(chunks)) : Input.empty(),
    out: (d) => out.push(Buffer.from(d)),
    err: (d) => err.push(Buffer.from(d)),
    tty: options.tty ?? false,
    drained: () => Promise.resolve(),
    signal: options.signal ?? new AbortController().signal,
  };
  const code = await program(proc);
  const outBytes = Buffer.concat(out);
  return {
    code,
    out: outBytes.toString('utf8'),
    err: Buffer.concat(err).toString('utf8'),
    outBytes,
    fs,
  };
}
