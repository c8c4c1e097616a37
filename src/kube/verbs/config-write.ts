/**
 * Changing a kubeconfig as kubectl's `config` commands change it (client-go's ConfigAccess and
 * ModifyConfig): which files are read, which one is written, the `<file>.lock` files taken
 * while writing, and the bytes written (config-codec.ts re-serialises the whole file, so
 * comments and unknown fields go, exactly as with kubectl).
 *
 * Unlike kubectl, the file is replaced atomically (a temporary file renamed over it, with the
 * original's mode), so an interrupted write never leaves half a kubeconfig; symlinks are
 * followed so the link stays a link. A file owned by someone else, or in a directory we cannot
 * write, is rewritten in place as kubectl does (its owner kept).
 */
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../../common/atomic-write.js';
import { makeDirs } from '../../common/make-dirs.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError } from '../errors.js';
import { notSupported } from '../flags.js';
import { kubeconfigPaths } from '../kubeconfig.js';
import {
  contextEntries,
  decodeKubeconfig,
  emptyKubeconfig,
  encodeKubeconfig,
  putContext,
  readKubeconfigYaml,
  type V1Config,
} from './config-codec.js';
import { KubeconfigFormatError, KubeconfigUnsupportedError } from './config-yaml.js';

/** The files a config command reads (kubectl's loading precedence); `explicit` for --kubeconfig. */
export interface ConfigAccess {
  paths: string[];
  explicit: boolean;
}

export function configAccess(
  kubeconfig: string | undefined,
  env: Record<string, string | undefined>,
): ConfigAccess {
  return kubeconfigPaths({ kubeconfig }, env);
}

/** A context of the merged view, with the file that defined it first (its LocationOfOrigin). */
export interface StartingContext {
  origin: string;
  context: Record<string, unknown>;
}

/** The merged view a command starts from (GetStartingConfig). */
export interface StartingConfig {
  contexts: Map<string, StartingContext>;
  currentContext: string;
}

const ERRNO: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'file exists',
  ELOOP: 'too many levels of symbolic links',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** Go's *PathError text for a failed system call: "open /p: permission denied". */
function pathError(op: string, path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return `${op} ${path}: ${ERRNO[code] ?? code.toLowerCase()}`;
}

const fail = (line: string): KubeError =>
  new KubeError(stripControlLine(`error: ${line}`), { code: 'kubeconfig' });

/** clientcmd.LoadFromFile: undefined when the file does not exist; Go-worded detail otherwise. */
function loadFile(path: string): V1Config | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new KubeconfigFormatError(pathError(code === 'EISDIR' ? 'read' : 'open', path, error));
  }
  if (bytes.length === 0) return emptyKubeconfig();
  return decodeKubeconfig(readKubeconfigYaml(bytes));
}

function refuseUnsupported(error: unknown): never {
  if (error instanceof KubeconfigUnsupportedError) throw notSupported(error.what);
  throw error;
}

/**
 * Reads every file in the precedence list (a missing one is skipped; with --kubeconfig, a
 * missing file is an empty config) and merges them: the first file to name a context, or to
 * set current-context, wins. Load errors are collected per file as clientcmd collects them.
 */
export function loadStartingConfig(access: ConfigAccess): StartingConfig {
  const errors: string[] = [];
  const contexts = new Map<string, StartingContext>();
  let currentContext = '';
  for (const path of access.paths) {
    if (path === '') continue;
    let config: V1Config | undefined;
    try {
      config = loadFile(path);
    } catch (error) {
      if (!(error instanceof KubeconfigFormatError)) refuseUnsupported(error);
      errors.push(`error loading config file "${path}": ${error.detail}`);
      continue;
    }
    if (!config) continue;
    for (const [name, context] of contextEntries(config))
      if (!contexts.has(name)) contexts.set(name, { origin: path, context });
    if (currentContext === '') currentContext = config['current-context'] as string;
  }
  if (errors.length === 1) throw fail(errors[0] as string);
  // kubectl prints an aggregate of several errors one per line, without the prefix.
  if (errors.length > 1)
    throw new KubeError(errors.map((e) => stripControlLine(e)).join('\n'), {
      code: 'kubeconfig',
    });
  return { contexts, currentContext };
}

/** GetDefaultFilename: the file a new value goes to. */
export function defaultFilename(access: ConfigAccess): string {
  const { paths } = access;
  if (access.explicit || paths.length <= 1) return paths[0] ?? '';
  return paths.find((path) => existsSync(path)) ?? (paths[paths.length - 1] as string);
}

/** Creates a directory (and parents, 0755) when it is missing, as client-go does before writing. */
function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  try {
    makeDirs(dir, 0o755);
  } catch (error) {
    throw fail(pathError('mkdir', (error as NodeJS.ErrnoException).path ?? dir, error));
  }
}

/**
 * ModifyConfig's lock: `<file>.lock` created exclusively (mode 0) for every file in the
 * precedence list, in sorted order, held while `body` runs and removed afterwards. A lock
 * left by another kubectl (or iddio) makes the command fail as kubectl fails.
 */
export function withKubeconfigLocks<T>(access: ConfigAccess, body: () => T): T {
  const paths = [...access.paths]
    .filter((p) => p !== '')
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const held: string[] = [];
  try {
    for (const path of paths) {
      ensureDir(dirname(path));
      const lock = `${path}.lock`;
      try {
        closeSync(openSync(lock, constants.O_CREAT | constants.O_EXCL | constants.O_RDONLY, 0));
      } catch (error) {
        throw fail(pathError('open', lock, error));
      }
      held.push(lock);
    }
    return body();
  } finally {
    for (const lock of held.reverse()) rmSync(lock, { force: true });
  }
}

/** The file a path finally names (os.WriteFile follows symlinks; so do we, and keep the link). */
function followLinks(path: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
      link = readlinkSync(current);
    } catch {
      return current;
    }
    current = resolve(dirname(current), link);
  }
  return current;
}

/** clientcmd.WriteToFile, atomically: the new bytes or the old, never half. */
export function writeKubeconfigFile(path: string, config: V1Config): void {
  let text: string;
  try {
    text = encodeKubeconfig(config);
  } catch (error) {
    refuseUnsupported(error);
  }
  ensureDir(dirname(path));
  const target = followLinks(path);
  let existing: { mode: number; uid: number } | undefined;
  try {
    const stat = statSync(target);
    existing = { mode: stat.mode & 0o7777, uid: stat.uid };
  } catch {
    existing = undefined;
  }
  const ours = !existing || process.getuid === undefined || existing.uid === process.getuid();
  if (ours) {
    try {
      writeFileAtomic(target, text, existing?.mode ?? 0o600);
      // The temporary file's mode was cut by the umask; the original's is restored exactly.
      if (existing && (statSync(target).mode & 0o7777) !== existing.mode)
        chmodSync(target, existing.mode);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS')
        throw fail(pathError('open', path, error));
      // The directory is not ours to write in: rewrite the file in place, as kubectl does.
    }
  }
  try {
    writeFileSync(target, text, { mode: 0o600 });
  } catch (error) {
    throw fail(pathError('open', path, error));
  }
}

/** getConfigFromFile: a missing file is an empty config; errors are returned unwrapped. */
function destinationConfig(path: string): V1Config {
  try {
    return loadFile(path) ?? emptyKubeconfig();
  } catch (error) {
    if (!(error instanceof KubeconfigFormatError)) refuseUnsupported(error);
    throw fail(error.detail);
  }
}

/**
 * ModifyConfig for a changed current-context (writeCurrentContext): under the locks, re-read
 * the starting config; if the context is already current nothing is written; otherwise the
 * explicit file, or the default file, is re-read, given the new current-context and rewritten.
 */
export function setCurrentContext(access: ConfigAccess, name: string): void {
  withKubeconfigLocks(access, () => {
    if (loadStartingConfig(access).currentContext === name) return;
    const destination = defaultFilename(access);
    const config = destinationConfig(destination);
    config['current-context'] = name;
    writeKubeconfigFile(destination, config);
  });
}

/**
 * ModifyConfig for one changed or new context: under the locks, re-read the starting config;
 * an unchanged context writes nothing; otherwise the file that defined it (a new one: the
 * default file) is re-read, given the context and rewritten.
 */
export function setContext(
  access: ConfigAccess,
  name: string,
  context: Record<string, unknown>,
): void {
  withKubeconfigLocks(access, () => {
    const starting = loadStartingConfig(access).contexts.get(name);
    if (starting && isDeepStrictEqual(starting.context, context)) return;
    const destination = starting?.origin ?? defaultFilename(access);
    const config = destinationConfig(destination);
    putContext(config, name, context);
    writeKubeconfigFile(destination, config);
  });
}
