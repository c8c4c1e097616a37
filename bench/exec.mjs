#!/usr/bin/env node
// `iddio kubectl exec POD -- echo hi` (passthrough: the real kubectl behind an ephemeral
// gateway that holds the command's decision and records the session) against the real kubectl
// straight at the sandbox, alternating runs with bench/compare.mjs. The agent is allowed
// break-glass (exec is T4), so no human is asked.
//
//   node bench/exec.mjs [--runs N]        (after `npm run build`; the tests extract kubectl)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  { stdio: ['ignore', 'pipe', 'inherit'] },
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
  const home = join(work, 'iddio');
  mkdirSync(home, { mode: 0o700 });
  writeFileSync(
    join(home, 'policy.yaml'),
    'version: 1\nagents:\n  bench:\n    tiers: { 4: allow }\n',
  );
  const env = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    HOME: work,
    IDDIO_HOME: home,
    IDDIO_AGENT: 'bench',
    IDDIO_KUBECTL: kubectl,
  };
  const pods = spawnSync(kubectl, ['get', 'pods', '-n', 'payments', '-o', 'name'], { env });
  const pod = String(pods.stdout).split('\n')[0].replace('pod/', '');
  const exec = `exec ${pod} -n payments -- echo hi`;
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
      `${kubectl} ${exec}`,
      '--',
      `${iddio} kubectl ${exec}`,
    ],
    { env, stdio: 'inherit' },
  );
  process.exitCode = result.status ?? 1;
} finally {
  sandbox.kill();
  rmSync(work, { recursive: true, force: true });
}
