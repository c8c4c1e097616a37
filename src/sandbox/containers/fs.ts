/**
 * A container's file system: a small in-memory tree, one per pod and container, living as long
 * as the pod. `cat`, `ls`, `test` and `tar` (so `kubectl cp`) read and write it. Paths are
 * absolute and normalised here, so no command can step outside the tree with `..`.
 */
import { posix } from 'node:path';

export interface FileEntry {
  kind: 'file';
  data: Buffer;
  mode: number;
  mtime: Date;
}

export interface DirEntry {
  kind: 'dir';
  mode: number;
  mtime: Date;
}

export type FsEntry = FileEntry | DirEntry;

/** What a failed file operation says, in the words of the coreutils message. */
export class FsError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'No such file or directory' | 'Not a directory' | 'Is a directory',
  ) {
    super(`${path}: ${reason}`);
    this.name = 'FsError';
  }
}

/** The most a container's files may hold: a hostile `kubectl cp` cannot exhaust the sandbox. */
export const FS_LIMIT_BYTES = 64 * 1024 * 1024;
/** And how many entries (a tar of a million empty files is refused too). */
export const FS_LIMIT_ENTRIES = 10_000;

const OS_RELEASE = [
  'NAME="iddio sandbox"',
  'ID=iddio-sandbox',
  'VERSION_ID=1',
  'PRETTY_NAME="iddio sandbox container (no real processes)"',
  '',
].join('\n');

export class MemoryFs {
  private readonly entries = new Map<string, FsEntry>();
  private used = 0;

  constructor(
    hostname: string,
    private readonly now: () => Date,
  ) {
    for (const dir of ['/', '/bin', '/etc', '/home', '/root', '/tmp', '/usr', '/usr/bin', '/var'])
      this.entries.set(dir, { kind: 'dir', mode: 0o755, mtime: now() });
    this.writeFile('/etc/hostname', Buffer.from(`${hostname}\n`));
    this.writeFile('/etc/os-release', Buffer.from(OS_RELEASE));
  }

  /** `path` made absolute against `cwd` and normalised (`..` never climbs above `/`). */
  static resolve(cwd: string, path: string): string {
    return posix.resolve('/', cwd, path);
  }

  get(path: string): FsEntry | undefined {
    return this.entries.get(path);
  }

  readFile(path: string): Buffer {
    const entry = this.entries.get(path);
    if (!entry) throw new FsError(path, 'No such file or directory');
    if (entry.kind === 'dir') throw new FsError(path, 'Is a directory');
    return entry.data;
  }

  /** Writes a file whose parent directory exists (as open(2) with O_CREAT requires). */
  writeFile(path: string, data: Buffer, mode = 0o644, mtime = this.now()): void {
    const parent = this.entries.get(posix.dirname(path));
    if (!parent) throw new FsError(path, 'No such file or directory');
    if (parent.kind !== 'dir') throw new FsError(path, 'Not a directory');
    const existing = this.entries.get(path);
    if (existing?.kind === 'dir') throw new FsError(path, 'Is a directory');
    const before = existing?.data.length ?? 0;
    if (this.used - before + data.length > FS_LIMIT_BYTES || (!existing && this.full())) {
      throw new Error(`${path}: No space left on device`);
    }
    this.used += data.length - before;
    this.entries.set(path, { kind: 'file', data, mode: mode & 0o7777, mtime });
  }

  private full(): boolean {
    return this.entries.size >= FS_LIMIT_ENTRIES;
  }

  /** `mkdir -p`: every missing directory on the way is made (iteratively: paths may be deep). */
  makeDirs(path: string, mode = 0o755): void {
    const missing: string[] = [];
    for (let dir = path; dir !== '/'; dir = posix.dirname(dir)) {
      const existing = this.entries.get(dir);
      if (existing?.kind === 'file') throw new FsError(dir, 'Not a directory');
      if (existing) break;
      missing.push(dir);
    }
    for (const dir of missing.reverse()) {
      if (this.full()) throw new Error(`${dir}: No space left on device`);
      this.entries.set(dir, { kind: 'dir', mode: mode & 0o7777, mtime: this.now() });
    }
  }

  remove(path: string): void {
    if (!this.entries.has(path)) throw new FsError(path, 'No such file or directory');
    for (const key of [...this.entries.keys()]) {
      if (key === path || key.startsWith(`${path}/`)) {
        const entry = this.entries.get(key);
        if (entry?.kind === 'file') this.used -= entry.data.length;
        this.entries.delete(key);
      }
    }
  }

  /** The names directly inside a directory, sorted as `ls` sorts them in the C locale. */
  list(path: string): string[] {
    const entry = this.entries.get(path);
    if (!entry) throw new FsError(path, 'No such file or directory');
    if (entry.kind !== 'dir') throw new FsError(path, 'Not a directory');
    const prefix = path === '/' ? '/' : `${path}/`;
    const names: string[] = [];
    for (const key of this.entries.keys()) {
      if (key === path || !key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      if (!rest.includes('/')) names.push(rest);
    }
    return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The path and everything under it, parents before children (the order `tar c` writes). */
  walk(path: string): string[] {
    if (!this.entries.has(path)) throw new FsError(path, 'No such file or directory');
    const prefix = path === '/' ? '/' : `${path}/`;
    const under = [...this.entries.keys()].filter((k) => k !== path && k.startsWith(prefix));
    // Sorting by path components puts each directory right before its contents.
    const order = (k: string): string[] => k.split('/');
    under.sort((a, b) => {
      const x = order(a);
      const y = order(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const p = x[i] ?? '';
        const q = y[i] ?? '';
        if (p !== q) return p < q ? -1 : 1;
      }
      return x.length - y.length;
    });
    return [path, ...under];
  }
}
