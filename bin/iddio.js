#!/usr/bin/env node
// The installed entry point: runs the esbuild bundles that `npm ci` (prepare) builds.
//
// `iddio kubectl` runs from its own CommonJS bundle, compiled with a V8 code cache kept beside
// it (dist/kubectl.cjs.cache): agents run it many times a minute, and compiling ~3 MB of
// JavaScript was a fifth of each call. The cache is used only for the exact bundle bytes it was
// made from, and only intact (both SHA-256-checked here; V8 itself also refuses one from another
// Node version or other flags); otherwise the bundle is compiled as usual and the cache
// rewritten. It lives beside the code it caches, with the same owner and permissions, so
// whoever can write it could already change the code; where dist/ is read-only, there is none.
//
// Every other command runs from the ES-module bundle (dist/main.js). Node 22.1+ can cache its
// compiled code (module.enableCompileCache); Node 20 cannot. That cache is kept in
// dist/.compile-cache/, again beside the code (never the shared default under /tmp, where
// another user could plant it). Node files it per Node version, V8 flags and user, and uses an
// entry only when the size and CRC32 of the source match the code it was made from and the
// entry's own CRC32 matches its data, so a rebuilt or damaged entry is not run either. It
// is not used for `iddio kubectl`: Node writes it when a module is compiled, before the
// functions a command runs are compiled, and measured slower there than the cache above
// (docs/benchmarks.md).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('main.js', dist)) || !existsSync(new URL('kubectl.cjs', dist))) {
  process.stderr.write(
    'iddio: the build is missing (dist/); run `npm ci` or `npm run build` first\n',
  );
  process.exit(2);
}

// Installed under the name `kubectl` (`iddio shim install DIR`): behave as `iddio kubectl`.
if (basename(process.argv[1] ?? '') === 'kubectl') process.argv.splice(2, 0, 'kubectl');

if (process.argv[2] === 'kubectl') runWithCodeCache(fileURLToPath(new URL('kubectl.cjs', dist)));
else {
  // Node 20 has no enableCompileCache. A cache that cannot be made (read-only dist/) is a
  // status in the result, never an error or a warning.
  module.enableCompileCache?.(fileURLToPath(new URL('.compile-cache', dist)));
  await import(new URL('main.js', dist).href);
}

function runWithCodeCache(file) {
  const cacheFile = `${file}.cache`;
  const source = readFileSync(file);
  // V8 checks only the source's length, so the cache is bound to these exact bytes here:
  // [SHA-256 of the bundle][SHA-256 of the V8 data][V8 data]. A cache for other bytes (a
  // rebuild swapped dist/ under a running command), or damaged, is never handed to V8.
  const bundleHash = sha256(source);
  let cachedData;
  try {
    const stored = readFileSync(cacheFile);
    const data = stored.subarray(64);
    if (stored.subarray(0, 32).equals(bundleHash) && stored.subarray(32, 64).equals(sha256(data))) {
      cachedData = data;
    }
  } catch {
    // no cache yet
  }
  const require = createRequire(file);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written once the command is done, so the cache also holds the functions it compiled.
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}`;
      try {
        const data = script.createCachedData();
        writeFileSync(temporary, Buffer.concat([bundleHash, sha256(data), data]), { flag: 'wx' });
        renameSync(temporary, cacheFile);
      } catch {
        rmSync(temporary, { force: true }); // a read-only install runs without a cache
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest();
}
