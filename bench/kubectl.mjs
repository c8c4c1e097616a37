#!/usr/bin/env node
// The start-up benchmark in one command: starts `iddio sandbox`, then times the real kubectl
// 1.32.3, Node's own start, `iddio --version`, `iddio classify` and `iddio kubectl get pods -n
// payments` side by side with bench/compare.mjs (alternating runs), each against that sandbox
// with warm discovery caches. Every Node process is the node that runs this script, so
//
//   node bench/kubectl.mjs [--runs N]        (after `npm run build`; the tests extract kubectl)
//   "$(.ci/node-line.sh 26)/node" bench/kubectl.mjs      measures Node 26
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { kubectlBinary, root, runsArgument, startSandboxProcess } from './sandbox-process.mjs';

const kubectl = kubectlBinary();
const runs = runsArgument();
const { work, kubeconfig, stop } = await startSandboxProcess();

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
  stop();
}
