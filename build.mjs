// Bundles src/cli/main.ts into dist/ with esbuild. Bundling matters for start-up time:
// every agent call pays for module resolution, and @kubernetes/client-node alone costs
// ~380 ms to import unbundled. Code splitting keeps lazily imported commands out of the
// start-up path.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

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
// client-node's KubeConfig module takes two names from the generated API's index, whose
// `export *` of all 718 models esbuild cannot drop (a third of the kubectl bundle, compiled and
// run on every call, for API classes iddio never uses). It gets a module exporting just those
// two, from the files that define them; a name it took that this module lacked would fail the
// build, not a command.
const clientNodeConfigTakesTwoNames = {
  name: 'client-node-config-takes-two-names',
  setup(build) {
    build.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      args.importer.endsWith('/@kubernetes/client-node/dist/config.js')
        ? { path: `${args.resolveDir}/gen/`, namespace: 'client-node-gen' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'client-node-gen' }, (args) => ({
      contents:
        "export { createConfiguration } from './configuration.js';\n" +
        "export { ServerConfiguration } from './servers.js';\n",
      resolveDir: args.path,
      loader: 'js',
    }));
  },
};
// JSON files in dependencies become JSON.parse of a string rather than a JavaScript object
// literal: V8 parses JSON faster, and a large literal (tr46's 300 KB mapping table was one)
// would be much of the kubectl bundle's code cache.
const jsonAsString = {
  name: 'json-as-string',
  setup(build) {
    build.onLoad({ filter: /node_modules\/.*\.json$/ }, async (args) => ({
      contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(await readFile(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};
// node-fetch 2 (client-node 1.4's HTTP client) takes `URL` from node:url and falls back to the
// whatwg-url package only where Node has none, which no supported Node is. The fallback is
// never used but was bundled and loaded on every call: whatwg-url, tr46 with its 300 KB
// mapping table, and a require('punycode') of Node's deprecated built-in, which made every
// `iddio kubectl` call on Node 21+ print a DEP0040 warning on stderr, where kubectl prints
// nothing. The fallback is replaced by Node's own URL class.
const whatwgUrlIsNodes = {
  name: 'whatwg-url-is-nodes',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, (args) =>
      args.importer.includes('/node_modules/node-fetch/')
        ? { path: 'whatwg-url', namespace: 'node-url' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({
      contents: "module.exports = { URL: require('node:url').URL };",
      loader: 'js',
    }));
  },
};
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [clientNodeConfigTakesTwoNames, clientNodeGenIsPure, jsonAsString, whatwgUrlIsNodes],
};
await build({
  ...shared,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: staging,
  splitting: true,
  format: 'esm',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __iddioCreateRequire } from 'node:module'; const require = __iddioCreateRequire(import.meta.url);",
  },
});
// `iddio kubectl` alone, as one CommonJS script: bin/iddio.js compiles it with a V8 code cache
// (Node 20 has none for ES modules), which saves compiling it on every agent call. Lazily
// imported modules stay lazy: esbuild initialises a bundled module on first import.
await build({
  ...shared,
  entryPoints: { kubectl: 'src/cli/kubectl-main.ts' },
  outdir: staging,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // The approval prompt (and its 700 KB of editor and encoding libraries) is needed only when
  // a command escalates; it is loaded from node_modules then, not read on every call.
  external: ['@inquirer/prompts', 'selfsigned'],
  // The shipped rules are found relative to the bundle (src/classify/load.ts).
  define: { 'import.meta.url': '__iddioModuleUrl' },
  banner: { js: "const __iddioModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const old = `dist.old-${process.pid}`;
try {
  renameSync('dist', old);
} catch {
  // first build: nothing to move aside
}
renameSync(staging, 'dist');
rmSync(old, { recursive: true, force: true });
