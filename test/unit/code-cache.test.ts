/**
 * bin/iddio.js runs `iddio kubectl` from dist/kubectl.cjs with a V8 code cache beside it. The
 * cache must be an optimisation only: absent, foreign, garbage or unwritable, the command
 * behaves the same. Each test runs a private copy of bin/ and dist/ so concurrent tests never
 * share its cache.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runProcess, tempDir } from '../helpers/cli.js';
import { privateInstall as sharedPrivateInstall, type PrivateInstall } from '../helpers/install.js';

function privateInstall(): PrivateInstall & { cache: string } {
  const install = sharedPrivateInstall();
  return { ...install, cache: join(install.dist, 'kubectl.cjs.cache') };
}

/** The files of dist/ other than the bundles' chunks. */
const listed = (dist: string): string[] =>
  readdirSync(dist)
    .filter((file) => !/^[a-z0-9-]+-[A-Z0-9]{8}\.js$/.test(file))
    .sort();

const run = (bin: string, args: string[]) =>
  runProcess(process.execPath, [bin, 'kubectl', ...args], {
    env: { PATH: process.env.PATH, IDDIO_HOME: tempDir(), KUBECONFIG: '/nonexistent' },
  });

test('the first kubectl call writes the cache; later calls use it and print the same', async () => {
  const install = privateInstall();
  const first = await run(install.bin, ['get', 'pods', '--bogus']);
  assert.equal(first.code, 2);
  assert.equal(first.stderr, 'error: unknown flag: --bogus\n');
  const cache = readFileSync(install.cache);
  assert.ok(cache.length > 100_000, `cache of ${cache.length} bytes`);
  const second = await run(install.bin, ['get', 'pods', '--bogus']);
  assert.deepEqual(second, first);
  // An accepted cache is not rewritten.
  assert.deepEqual(readFileSync(install.cache), cache);
  assert.deepEqual(listed(install.dist), ['kubectl.cjs', 'kubectl.cjs.cache', 'main.js']);
});

test('a cache V8 refuses (garbage, or from another build) is replaced, not trusted', async () => {
  const install = privateInstall();
  const garbage = Buffer.alloc(4096, 0x5a);
  writeFileSync(install.cache, garbage);
  const result = await run(install.bin, ['--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /iddio kubectl/);
  assert.notDeepEqual(readFileSync(install.cache), garbage);
});

test('a cache that cannot be read or written changes nothing but speed', async () => {
  const install = privateInstall();
  mkdirSync(install.cache); // reading it fails (EISDIR), and so does renaming onto it
  const result = await run(install.bin, ['get', 'pods', '--bogus']);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'error: unknown flag: --bogus\n');
  assert.deepEqual(listed(install.dist), ['kubectl.cjs', 'kubectl.cjs.cache', 'main.js']);
});

test('a cache made from other bundle bytes of the same length is not used', async () => {
  const install = privateInstall();
  const bundle = join(install.dist, 'kubectl.cjs');
  const original = readFileSync(bundle, 'utf8');
  assert.ok(original.includes('unknown flag: --'));
  // The same length, other behaviour: V8 alone would accept this build's cache for the original.
  writeFileSync(bundle, original.replace('unknown flag: --', 'UNKNOWN FLAG: --'));
  const other = await run(install.bin, ['get', 'pods', '--bogus']);
  assert.equal(other.stderr, 'error: UNKNOWN FLAG: --bogus\n');
  writeFileSync(bundle, original);
  const result = await run(install.bin, ['get', 'pods', '--bogus']);
  assert.equal(result.stderr, 'error: unknown flag: --bogus\n');
});

test('a damaged cache is not handed to V8 (which could crash on it)', async () => {
  const install = privateInstall();
  await run(install.bin, ['get', 'pods', '--bogus']);
  const cache = readFileSync(install.cache);
  for (let i = 1000; i < 1400; i++) cache[i] = (cache[i] ?? 0) ^ 0xff;
  writeFileSync(install.cache, cache);
  const result = await run(install.bin, ['get', 'pods', '--bogus']);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'error: unknown flag: --bogus\n');
  assert.notDeepEqual(readFileSync(install.cache), cache, 'rewritten');
});
