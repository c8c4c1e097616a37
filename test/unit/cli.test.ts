import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIddio } from '../helpers/cli.js';

test('iddio --version prints the package version', async () => {
  const result = await runIddio(['--version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^iddio \d+\.\d+\.\d+\n$/);
});

test('an unknown command is a usage error (exit 2) with one clear line', async () => {
  const result = await runIddio(['frobnicate']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown command 'frobnicate'/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('iddio --help lists the kubectl entry point, and `iddio kubectl` alone explains it', async () => {
  const help = await runIddio(['--help']);
  assert.match(help.stdout, /^ {2}kubectl\s+run a kubectl command through iddio/m);
  const bare = await runIddio(['kubectl']);
  assert.equal(bare.code, 0);
  assert.match(bare.stdout, /^Usage: iddio kubectl <kubectl arguments\.\.\.>/);
});
