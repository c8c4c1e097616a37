#!/usr/bin/env node
// The installed entry point: runs the esbuild bundles that `npm ci` (prepare) builds.
//
// `iddio kubectl` runs from its own CommonJS bundle, compiled with a V8 code cache kept beside
// it (dist/kubectl.cjs.cache): agents run it many times a minute, and compiling ~3 MB of
// JavaScript was a fifth of each call. The cache is V8's own format; V8 refuses one made by
// another Node version or for other source, and the bundle is then compiled as usual and the
// cache rewritten. It lives beside the code it caches, with the same owner and permissions, so
// whoever can write it could already change the code; where dist/ is read-only, there is none.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('main.js', dist)) || !existsSync(new URL('kubectl.cjs', dist))) {
  process.stderr.write(
    'iddio: the build is missing (dist/); run `npm ci` or `npm run build` first\n',
  );
  process.exit(2);
}

if (process.argv[2] === 'kubectl') runWithCodeCache(fileURLToPath(new URL('kubectl.cjs', dist)));
else await import(new URL('main.js', dist).href);

function runWithCodeCache(file) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  const require = createRequire(file);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written once the command is done, so the cache also holds the functions it compiled.
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(temporary, script.createCachedData(), { flag: 'wx' });
        renameSync(temporary, cacheFile);
      } catch {
        rmSync(temporary, { force: true }); // a read-only install runs without a cache
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
}
