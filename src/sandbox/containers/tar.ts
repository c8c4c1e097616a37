/**
 * `tar`, enough for `kubectl cp` both ways: `tar cf - PATH` (pod → local) and
 * `tar [--no-same-permissions --no-same-owner] -xmf - [-C DIR]` (local → pod), plus `t` to
 * list. The archive format is tar-stream's; only the archive on stdin/stdout (`f -`) exists.
 */
import { once } from 'node:events';
import { posix } from 'node:path';
import { extract, pack } from 'tar-stream';
import { FS_LIMIT_BYTES, MemoryFs } from './fs.js';
import type { Proc, Program } from './process.js';

interface TarOptions {
  mode: 'c' | 'x' | 't';
  directory?: string;
  paths: string[];
  verbose: boolean;
}

/** Long options that change nothing here (ownership and permissions are not modelled). */
const IGNORED_LONG = new Set([
  '--no-same-permissions',
  '--no-same-owner',
  '--touch',
  '--preserve-permissions',
]);

export function parseTarArgs(args: readonly string[]): TarOptions | string {
  let mode: TarOptions['mode'] | undefined;
  let file: string | undefined;
  let directory: string | undefined;
  let verbose = false;
  const paths: string[] = [];
  const words = [...args];
  // The first word may be bundled letters without a dash, as in `tar cf - PATH`.
  if (words[0] !== undefined && !words[0].startsWith('-')) words[0] = `-${words[0]}`;
  while (words.length > 0) {
    const word = words.shift() ?? '';
    if (IGNORED_LONG.has(word)) continue;
    if (word.startsWith('--directory=')) {
      directory = word.slice('--directory='.length);
      continue;
    }
    if (word.startsWith('--')) return `unrecognized option '${word}'`;
    if (!word.startsWith('-') || word === '-') {
      paths.push(word);
      continue;
    }
    for (const letter of word.slice(1)) {
      if (letter === 'c' || letter === 'x' || letter === 't') {
        if (mode !== undefined && mode !== letter)
          return 'You may not specify more than one of -ctx';
        mode = letter;
      } else if (letter === 'f') {
        file = words.shift();
      } else if (letter === 'C') {
        directory = words.shift();
      } else if (letter === 'v') {
        verbose = true;
      } else if (letter !== 'm' && letter !== 'o' && letter !== 'p') {
        return `invalid option -- '${letter}'`;
      }
    }
  }
  if (mode === undefined) return 'You must specify one of the -ctx options';
  if (file !== undefined && file !== '-') {
    return 'the sandbox keeps archives only on stdin and stdout (use f -)';
  }
  return { mode, directory, paths, verbose };
}

async function create(proc: Proc, options: TarOptions, base: string): Promise<number> {
  if (options.paths.length === 0) {
    proc.err('tar: Cowardly refusing to create an empty archive\n');
    return 2;
  }
  const archive = pack();
  let status = 0;
  for (const given of options.paths) {
    const root = MemoryFs.resolve(base, given);
    if (!proc.fs.get(root)) {
      proc.err(`tar: ${given}: Cannot stat: No such file or directory\n`);
      status = 2;
      continue;
    }
    for (const path of proc.fs.walk(root)) {
      const entry = proc.fs.get(path);
      if (!entry) continue;
      // Member names are relative, as GNU tar strips the leading `/`.
      const relative = posix.isAbsolute(given) ? path.slice(1) : posix.relative(base, path);
      const name = relative === '' ? '.' : relative;
      if (options.verbose) proc.err(`${name}\n`);
      if (entry.kind === 'dir') {
        archive.entry({
          name: `${name}/`,
          type: 'directory',
          mode: entry.mode,
          mtime: entry.mtime,
        });
      } else {
        archive.entry({ name, type: 'file', mode: entry.mode, mtime: entry.mtime }, entry.data);
      }
    }
  }
  archive.finalize();
  if (status !== 0) proc.err('tar: Exiting with failure status due to previous errors\n');
  for await (const chunk of archive as AsyncIterable<Buffer>) proc.out(Buffer.from(chunk));
  return status;
}

async function feed(proc: Proc, sink: ReturnType<typeof extract>): Promise<void> {
  let total = 0;
  for (let chunk = await proc.stdin.read(); chunk; chunk = await proc.stdin.read()) {
    total += chunk.length;
    if (total > FS_LIMIT_BYTES * 2) {
      sink.destroy(new Error('archive too large for the sandbox'));
      return;
    }
    if (sink.destroyed) return;
    if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), once(sink, 'close')]);
  }
  sink.end(null);
}

async function unpack(proc: Proc, options: TarOptions, base: string): Promise<number> {
  const reader = extract();
  reader.on('error', () => undefined);
  const feeding = feed(proc, reader);
  let status = 0;
  try {
    for await (const member of reader) {
      const header = member.header;
      const chunks: Buffer[] = [];
      for await (const chunk of member as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
      if (options.mode === 't') {
        proc.out(`${header.name}\n`);
        continue;
      }
      if (header.name.split('/').includes('..')) {
        // As GNU tar: never written outside the directory it extracts into.
        proc.err(`tar: ${header.name}: Member name contains '..'\n`);
        status = 2;
        continue;
      }
      const path = MemoryFs.resolve(base, header.name.replace(/^\/+/, ''));
      if (options.verbose) proc.out(`${header.name}\n`);
      if (header.type === 'directory') {
        proc.fs.makeDirs(path, header.mode);
      } else if (header.type === 'file' || header.type === 'contiguous-file') {
        proc.fs.makeDirs(posix.dirname(path));
        proc.fs.writeFile(path, Buffer.concat(chunks), header.mode);
      }
      // Links, devices and fifos are not modelled; kubectl cp never sends them.
    }
    await feeding;
    return status;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    proc.err(`tar: ${message}\n`);
    reader.destroy();
    return 2;
  }
}

export const tar: Program = async (proc) => {
  const options = parseTarArgs(proc.args);
  if (typeof options === 'string') {
    proc.err(`tar: ${options}\n`);
    return 2;
  }
  const base = MemoryFs.resolve(proc.cwd, options.directory ?? '.');
  if (options.directory !== undefined && proc.fs.get(base)?.kind !== 'dir') {
    proc.err(`tar: ${options.directory}: Cannot open: No such file or directory\n`);
    return 2;
  }
  return options.mode === 'c' ? create(proc, options, base) : unpack(proc, options, base);
};
