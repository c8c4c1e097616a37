// Bundles src/cli/main.ts into dist/ with esbuild. Bundling matters for start-up time:
// every agent call pays for module resolution, and @kubernetes/client-node alone costs
// ~380 ms to import unbundled. Code splitting keeps lazily imported commands out of the
// start-up path.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

// Build beside dist/ and swap it in, so a test running bin/iddio.js never sees half a build.
const staging = `dist.build-${process.pid}`;

// client-node's generated API (dist/gen/) is thousands of model and API modules, all reached
// through its KubeConfig module but mostly unused by iddio. The package does not declare them
// side-effect free, so esbuild would keep every one; saying so lets it drop the unused ones,
// which halves what each `iddio kubectl` call compiles.
const clientNodeGenIsPure = {
  name: 'client-node-gen-is-pure',
  setup(build) {
    build.onResolve({ filter: /\/gen\/|^\.\.?\/(apis|models|types)\// }, async (args) => {
      if (!args.importer.includes('@kubernetes/client-node/dist/')) return undefined;
      if (args.pluginData?.pure) return undefined;
      const result = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { pure: true },
      });
      if (result.errors.length > 0) return { errors: result.errors };
      return result.path.includes('/dist/gen/')
        ? { path: result.path, sideEffects: false }
        : undefined;
    });
  },
};
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
  plugins: [clientNodeGenIsPure],
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
