#!/usr/bin/env node
// The start-up benchmark in one command: starts `iddio sandbox`, then times the real kubectl
// 1.32.3, Node's own start, `iddio --version`, `iddio classify` and `iddio kubectl get pods -n
// payments` side by side with bench/compare.mjs (alternating runs), each against that sandbox
// with warm discovery caches. Every Node process is the node that runs this script, so
//
//   node bench/kubectl.mjs [--runs N]        (after `npm run build`; the tests extract kubectl)
//   "$(.ci/node-line.sh 26)/node" bench/kubectl.mjs      measures Node 26
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kubectl = join(root, '.cache', 'kubectl', 'v1.32.3', 'kubectl');
if (!existsSync(kubectl)) {
  process.stderr.write(`bench: ${kubectl} is missing; run the tests once (they extract it)\n`);
  process.exit(2);
}
const runs = process.argv.includes('--runs')
  ? process.argv[process.argv.indexOf('--runs') + 1]
  : '20';

const work = mkdtempSync(join(tmpdir(), 'iddio-bench-'));
const kubeconfig = join(work, 'kubeconfig');
const sandbox = spawn(
  process.execPath,
  [join(root, 'bin', 'iddio.js'), 'sandbox', '--kubeconfig', kubeconfig],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise((resolve, reject) => {
  let seen = '';
  sandbox.stdout.on('data', (chunk) => {
    seen += chunk;
    if (seen.includes('serving at')) resolve();
  });
  sandbox.on('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
});

try {
  const env = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    HOME: work, // kubectl's discovery cache, warmed by compare.mjs's warm-up rounds
    IDDIO_HOME: join(work, 'iddio'),
    IDDIO_AGENT: 'bench',
  };
  const iddio = `${process.execPath} ${join(root, 'bin', 'iddio.js')}`;
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'bench', 'compare.mjs'),
      '--runs',
      runs,
      '--warmup',
      '3',
      '--',
      `${kubectl} get pods -n payments`,
      '--',
      `${process.execPath} -e 0`,
      '--',
      `${iddio} --version`,
      '--',
      `${iddio} classify -- get pods -n payments`,
      '--',
      `${iddio} kubectl get pods -n payments`,
    ],
    { env, stdio: 'inherit' },
  );
  process.exitCode = result.status ?? 1;
} finally {
  sandbox.kill();
  rmSync(work, { recursive: true, force: true });
}
