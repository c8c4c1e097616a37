#!/usr/bin/env node
// The installed entry point: runs the esbuild bundle that `npm ci` (prepare) builds.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/main.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'iddio: the build is missing (dist/main.js); run `npm ci` or `npm run build` first\n',
  );
  process.exit(2);
}
await import(bundle.href);
