/**
 * `config use-context` (and `config set-context`, which shares its writer) differentially: the real kubectl 1.32.3 and the `iddio kubectl` binary
 * run on identical copies of each kubeconfig setup, and must agree on stdout, stderr, exit
 * code and everything left on disk (file bytes, modes, symlinks, lock files, created
 * directories). Setups cover the sandbox's own kubeconfig, hand-written files with comments
 * and odd ordering, exec/auth-provider users and extensions, KUBECONFIG lists, ~/.kube/config,
 * names that need quoting, lock contention and malformed files.
 */
import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { makeCredentials } from '../../src/sandbox/auth.js';
import { kubeconfigYaml } from '../../src/sandbox/kubeconfig.js';
import { runIddio, runProcess, tempDir, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { runExecutor } from './helpers.js';
import { FIXTURES } from './config-use-context.fixtures.js';

/** T2 (kubeconfig-context) runs without a human, as in the compat suite. */
const POLICY = 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n';

type Entry = string | { text: string; mode: number } | { symlink: string } | { dir: true };

interface Case {
  name: string;
  /** Paths relative to the side's directory; `home/` is $HOME. */
  files: Record<string, Entry>;
  /** kubectl's argv; `@/` at the start of a word is the side's directory. */
  argv: string[];
  /** KUBECONFIG entries (`@/` as above); unset when absent. */
  kubeconfig?: string[];
}

const ca = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2F0YWxvZyBvZiB0ZXN0cw==\n-----END CERTIFICATE-----\n',
).toString('base64');
const creds = makeCredentials();
const sandbox = kubeconfigYaml(
  'https://127.0.0.1:6443',
  Buffer.from(ca, 'base64').toString(),
  creds.admin,
  creds.viewer,
);

const kc = (file: string, name: string): string[] => [
  '--kubeconfig',
  `@/${file}`,
  'config',
  'use-context',
  name,
];

/** `config set-context` rides on the same writer: the file that defines the context is rewritten. */
function SET_CONTEXT_CASES(): Case[] {
  const set = (file: string, ...rest: string[]): string[] => [
    '--kubeconfig',
    `@/${file}`,
    'config',
    'set-context',
    ...rest,
  ];
  const list = { a: FIXTURES.listA, b: FIXTURES.listB };
  return [
    {
      name: 'set-context --current --namespace',
      files: { kc: { text: sandbox, mode: 0o600 } },
      argv: set('kc', '--current', '--namespace=payments'),
    },
    {
      name: 'set-context --current --namespace= clears it',
      files: { kc: sandbox },
      argv: set('kc', '--current', '--namespace='),
    },
    {
      name: 'set-context with nothing changed: nothing written',
      files: { kc: sandbox },
      argv: set('kc', '--current', '--namespace=default'),
    },
    {
      name: 'set-context creates a context',
      files: { kc: FIXTURES.odd },
      argv: set('kc', 'new', '--cluster=c1', '--user=u1', '--namespace=n'),
    },
    {
      name: 'set-context changes one field of a named context',
      files: { kc: FIXTURES.exec },
      argv: set('kc', 'gke', '--user=oidc'),
    },
    {
      name: 'set-context: the file that defines the context is written',
      files: list,
      kubeconfig: ['@/a', '@/b'],
      argv: ['config', 'set-context', 'b-other', '--namespace=x'],
    },
    {
      name: 'set-context: a new context goes to the first existing file',
      files: list,
      kubeconfig: ['@/missing', '@/b', '@/a'],
      argv: ['config', 'set-context', 'brand-new', '--cluster=cb'],
    },
    {
      name: 'set-context creates a missing --kubeconfig file',
      files: {},
      argv: set('new/kc', 'first', '--cluster=c', '--namespace=n'),
    },
    {
      name: 'set-context creates ~/.kube/config',
      files: {},
      argv: ['config', 'set-context', 'first', '--user=u'],
    },
    {
      name: 'set-context with no KUBECONFIG file existing: the last one is created',
      files: {},
      kubeconfig: ['@/one/kc', '@/two/kc'],
      argv: ['config', 'set-context', 'first', '--user=u'],
    },
    {
      name: 'set-context without a name or --current',
      files: { kc: FIXTURES.odd },
      argv: set('kc', '--namespace=x'),
    },
    {
      name: 'set-context with a name and --current',
      files: { kc: FIXTURES.odd },
      argv: set('kc', 'two', '--current'),
    },
    { name: 'set-context with two names', files: { kc: FIXTURES.odd }, argv: set('kc', 'a', 'b') },
    {
      name: 'set-context --current with no current context',
      files: { kc: FIXTURES.listA },
      argv: set('kc', '--current', '--namespace=x'),
    },
  ];
}

const CASES: Case[] = [
  {
    name: 'sandbox kubeconfig, switch to the viewer',
    files: { kc: { text: sandbox, mode: 0o600 } },
    argv: kc('kc', 'iddio-sandbox-viewer'),
  },
  {
    name: 'sandbox kubeconfig, already current: nothing written',
    files: { kc: sandbox },
    argv: kc('kc', 'iddio-sandbox'),
  },
  {
    name: 'comments, odd order, flow maps, unknown fields (mode 0640)',
    files: { kc: { text: FIXTURES.odd, mode: 0o640 } },
    argv: kc('kc', 'two'),
  },
  {
    name: 'exec and auth-provider users, extensions, long strings',
    files: { kc: FIXTURES.exec },
    argv: kc('kc', 'gke'),
  },
  { name: 'names that need quoting', files: { kc: FIXTURES.quoting }, argv: kc('kc', 'yes') },
  {
    name: 'a name with spaces and unicode',
    files: { kc: FIXTURES.quoting },
    argv: kc('kc', 'prod: eu ✓'),
  },
  {
    name: 'alias use',
    files: { kc: FIXTURES.odd },
    argv: ['--kubeconfig', '@/kc', 'config', 'use', 'two'],
  },
  {
    name: 'unknown context: error, file untouched',
    files: { kc: FIXTURES.odd },
    argv: kc('kc', 'nope'),
  },
  { name: 'empty name', files: { kc: FIXTURES.odd }, argv: kc('kc', '') },
  {
    name: 'no name',
    files: { kc: FIXTURES.odd },
    argv: ['--kubeconfig', '@/kc', 'config', 'use-context'],
  },
  {
    name: 'two names',
    files: { kc: FIXTURES.odd },
    argv: ['--kubeconfig', '@/kc', 'config', 'use-context', 'one', 'two'],
  },
  {
    name: 'lock held by another writer',
    files: { kc: FIXTURES.odd, 'kc.lock': '' },
    argv: kc('kc', 'two'),
  },
  {
    name: 'KUBECONFIG list with one of two files locked: no lock left behind',
    files: { a: FIXTURES.listA, b: FIXTURES.listB, 'b.lock': '' },
    kubeconfig: ['@/b', '@/a'],
    argv: ['config', 'use-context', 'from-a'],
  },
  {
    name: 'a kubeconfig with no current-context yet',
    files: { kc: FIXTURES.listA },
    argv: kc('kc', 'from-a'),
  },
  { name: '--kubeconfig names a missing file', files: {}, argv: kc('missing', 'two') },
  { name: 'empty kubeconfig file', files: { kc: '' }, argv: kc('kc', 'two') },
  {
    name: 'KUBECONFIG list: written to the first file, which had no current-context',
    files: { a: FIXTURES.listA, b: FIXTURES.listB },
    kubeconfig: ['@/a', '@/b'],
    argv: ['config', 'use-context', 'from-b'],
  },
  {
    name: 'KUBECONFIG list with a missing first entry and a new directory to lock in',
    files: { a: FIXTURES.listA, b: FIXTURES.listB },
    kubeconfig: ['@/new/dir/missing', '@/b', '@/a'],
    argv: ['config', 'use-context', 'from-a'],
  },
  {
    name: 'KUBECONFIG through a symlink: the link stays, its target is rewritten',
    files: { real: { text: FIXTURES.listB, mode: 0o644 }, link: { symlink: 'real' } },
    kubeconfig: ['@/link'],
    argv: ['config', 'use-context', 'b-other'],
  },
  {
    name: '~/.kube/config when KUBECONFIG is unset',
    files: { 'home/.kube/config': FIXTURES.odd },
    argv: ['config', 'use-context', 'two'],
  },
  {
    name: 'KUBECONFIG list with a malformed second file',
    files: { a: FIXTURES.listA, b: 'contexts:\n- name: x\n  context: {cluster: yes}\n' },
    kubeconfig: ['@/a', '@/b'],
    argv: ['config', 'use-context', 'from-a'],
  },
  {
    name: 'KUBECONFIG list with two malformed files',
    files: { a: 'clusters: 5\n', b: 'current-context: [x]\n' },
    kubeconfig: ['@/a', '@/b'],
    argv: ['config', 'use-context', 'x'],
  },
  ...SET_CONTEXT_CASES(),
  ...Object.entries(FIXTURES.malformed).map(([name, text]): Case => ({
    name: `malformed: ${name}`,
    files: { kc: text },
    argv: kc('kc', 'x'),
  })),
];

function materialise(dir: string, files: Record<string, Entry>): void {
  mkdirSync(join(dir, 'home'), { recursive: true });
  for (const [rel, entry] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof entry === 'string') writeFileSync(path, entry);
    else if ('symlink' in entry) symlinkSync(entry.symlink, path);
    else if ('dir' in entry) mkdirSync(path, { recursive: true });
    else {
      writeFileSync(path, entry.text);
      chmodSync(path, entry.mode);
    }
  }
}

/** Every entry under dir: type, mode and content (or link target). */
function snapshot(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel))
    .sort()
    .flatMap((name) => {
      const path = join(rel, name);
      const stat = lstatSync(join(dir, path));
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isSymbolicLink()) return [`${path} -> ${readlinkSync(join(dir, path))}`];
      if (stat.isDirectory()) return [`${path}/ ${mode}`, ...snapshot(dir, path)];
      return [`${path} ${mode}\n${readFileSync(join(dir, path), 'utf8')}`];
    });
}

type How = 'kubectl' | 'iddio' | 'executor';

interface Side {
  result: RunResult;
  /** The directory before and after the run. */
  before: string[];
  files: string[];
}

async function runSide(c: Case, how: How): Promise<Side> {
  const dir = tempDir(`iddio-usectx-${how[0] ?? ''}-`);
  materialise(dir, c.files);
  const before = snapshot(dir);
  const at = (word: string): string => (word.startsWith('@/') ? join(dir, word.slice(2)) : word);
  const env: Record<string, string> = { HOME: join(dir, 'home') };
  if (c.kubeconfig) env.KUBECONFIG = c.kubeconfig.map(at).join(':');
  const argv = c.argv.map(at);
  let result: RunResult;
  if (how === 'kubectl') {
    result = await runProcess(kubectlPath(), argv, {
      env: { PATH: process.env.PATH, ...env },
      cwd: dir,
    });
  } else if (how === 'executor') {
    const run = await runExecutor(argv, {
      requestId: 'idd_01JTESTUSECONTEXT000000000',
      env,
      cacheDir: tempDir('iddio-usectx-cache-'),
    });
    assert.deepEqual(run.apiRequests, [], 'use-context never talks to a cluster');
    result = { code: run.exitCode, stdout: run.stdout, stderr: run.stderr };
  } else {
    const iddioHome = tempDir('iddio-usectx-home-');
    writeFileSync(join(iddioHome, 'policy.yaml'), POLICY);
    result = await runIddio(['kubectl', ...argv], {
      env: { KUBECONFIG: undefined, ...env, IDDIO_HOME: iddioHome, IDDIO_AGENT: 'compat' },
      cwd: dir,
    });
  }
  const clean = (text: string): string => text.split(dir).join('<dir>');
  return {
    result: { code: result.code, stdout: clean(result.stdout), stderr: clean(result.stderr) },
    before,
    files: snapshot(dir),
  };
}

describe('config use-context through the binary: kubectl 1.32.3 output, exit code and files', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const [kubectl, iddio] = await Promise.all([runSide(c, 'kubectl'), runSide(c, 'iddio')]);
      assert.deepEqual(iddio.result, kubectl.result);
      assert.deepEqual(iddio.files, kubectl.files);
    });
  }
});

/** Reading YAML as go-yaml and client-go do: checked in-process only (the binary adds nothing here). */
const SCALAR_CASES: Case[] = [
  {
    name: 'plain scalars that stay strings',
    files: { kc: FIXTURES.scalars },
    argv: kc('kc', 'c3'),
  },
  ...Object.entries(FIXTURES.reading).map(([name, [text, context]]): Case => ({
    name,
    files: { kc: text },
    argv: kc('kc', context),
  })),
  ...Object.entries(FIXTURES.nonStrings).map(([name, text]): Case => ({
    name,
    files: { kc: text },
    argv: kc('kc', 'x'),
  })),
];

describe('config use-context in the executor: byte-identical to kubectl for every setup', () => {
  for (const c of [...CASES, ...SCALAR_CASES]) {
    it(c.name, async () => {
      const [kubectl, iddio] = await Promise.all([runSide(c, 'kubectl'), runSide(c, 'executor')]);
      assert.deepEqual(iddio.result, kubectl.result);
      assert.deepEqual(iddio.files, kubectl.files);
    });
  }
});
