#!/usr/bin/env node
// `iddio kubectl exec POD -- echo hi` (passthrough: the real kubectl behind an ephemeral
// gateway that holds the command's decision and records the session) against the real kubectl
// straight at the sandbox, alternating runs with bench/compare.mjs. The agent is allowed
// break-glass (exec is T4), so no human is asked.
//
//   node bench/exec.mjs [--runs N]        (after `npm run build`; the tests extract kubectl)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlBinary, root, runsArgument, startSandboxProcess } from './sandbox-process.mjs';

const kubectl = kubectlBinary();
const runs = runsArgument();
const { work, kubeconfig, stop } = await startSandboxProcess();

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
  stop();
}
