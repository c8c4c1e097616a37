/**
 * bin/iddio.js runs every command but `iddio kubectl` from the ES-module bundle, with Node's
 * compile cache in dist/.compile-cache/ on the Node lines that have one (22.1+). Like the
 * kubectl code cache, it must change nothing but speed: a stale or damaged entry is never
 * run, and a cache that cannot be written is no error. On Node 20, which has no compile
 * cache, no such directory may appear. Each test runs a private copy of bin/ and dist/.
 */
import assert from 'node:assert/strict';
import module from 'node:module';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runProcess, tempDir } from '../helpers/cli.js';
import { privateInstall } from '../helpers/install.js';

const run = (bin: string, args: string[]) =>
  runProcess(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, IDDIO_HOME: tempDir(), NO_COLOR: '1' },
  });

/** Every cache entry, by path, with its bytes. */
function entries(dist: string): Map<string, Buffer> {
  const root = join(dist, '.compile-cache');
  const found = new Map<string, Buffer>();
  if (!existsSync(root)) return found;
  for (const tag of readdirSync(root)) {
    for (const file of readdirSync(join(root, tag))) {
      found.set(join(root, tag, file), readFileSync(join(root, tag, file)));
    }
  }
  return found;
}

// Typed for Node 20, whose @types lack it: present on Node 22.1 and later.
const hasCompileCache =
  typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

test(`the compile cache is ${hasCompileCache ? 'written, then used' : 'absent'} on Node ${process.versions.node}`, async () => {
  const install = privateInstall();
  const first = await run(install.bin, ['classify', '--', 'get', 'pods']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /T0/);
  const written = entries(install.dist);
  if (!hasCompileCache) {
    assert.equal(existsSync(join(install.dist, '.compile-cache')), false);
    return;
  }
  assert.ok(written.size > 0, 'entries written');
  const second = await run(install.bin, ['classify', '--', 'get', 'pods']);
  assert.deepEqual(second, first);
  assert.deepEqual(entries(install.dist), written, 'accepted entries are not rewritten');
});

test('an entry made from other bytes of the same length is not run', async () => {
  const install = privateInstall();
  const main = join(install.dist, 'main.js');
  const original = readFileSync(main, 'utf8');
  assert.ok(original.includes('`iddio ${'));
  assert.match((await run(install.bin, ['--version'])).stdout, /^iddio \d/);
  // The same length, other behaviour: the cache of the original must not run for it.
  writeFileSync(main, original.replace('`iddio ${', '`IDDIO ${'));
  assert.match((await run(install.bin, ['--version'])).stdout, /^IDDIO \d/);
  writeFileSync(main, original);
  assert.match((await run(install.bin, ['--version'])).stdout, /^iddio \d/);
});

test('a damaged entry is not run, and is rewritten', async () => {
  const install = privateInstall();
  const first = await run(install.bin, ['classify', '--', 'delete', 'pods', '--all']);
  for (const [path, bytes] of entries(install.dist)) {
    const damaged = Buffer.from(bytes);
    for (let i = 64; i < Math.min(damaged.length, 4096); i++) damaged[i] = (damaged[i] ?? 0) ^ 0xff;
    writeFileSync(path, damaged);
  }
  const damaged = entries(install.dist);
  const second = await run(install.bin, ['classify', '--', 'delete', 'pods', '--all']);
  assert.deepEqual(second, first);
  for (const [path, bytes] of entries(install.dist)) {
    assert.notDeepEqual(bytes, damaged.get(path), `${path} rewritten`);
  }
});

test('a compile cache that cannot be made changes nothing but speed', async () => {
  const install = privateInstall();
  const expected = await run(privateInstall().bin, ['classify', '--', 'get', 'secrets']);
  writeFileSync(join(install.dist, '.compile-cache'), 'not a directory');
  const result = await run(install.bin, ['classify', '--', 'get', 'secrets']);
  assert.deepEqual(result, expected);
  assert.equal(readFileSync(join(install.dist, '.compile-cache'), 'utf8'), 'not a directory');
});
