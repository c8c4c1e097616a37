// Bundles src/cli/main.ts into dist/ with esbuild. Bundling matters for start-up time:
// every agent call pays for module resolution, and @kubernetes/client-node alone costs
// ~380 ms to import unbundled. Code splitting keeps lazily imported commands out of the
// start-up path.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

// Build beside dist/ and swap it in, so a test running bin/iddio.js never sees half a build.
const staging = `dist.build-${process.pid}`;
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __iddioCreateRequire } from 'node:module'; const require = __iddioCreateRequire(import.meta.url);",
  },
});
const old = `dist.old-${process.pid}`;
try {
  renameSync('dist', old);
} catch {
  // first build: nothing to move aside
}
renameSync(staging, 'dist');
rmSync(old, { recursive: true, force: true });
