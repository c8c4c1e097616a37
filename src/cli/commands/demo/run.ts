/**
 * `iddio demo`: a newcomer's first run. The sandbox runs in this process; each step runs
 * `iddio kubectl ...` as a separate process, exactly as an agent would, sharing this
 * terminal so that an escalation can ask the person watching.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chalk from 'chalk';
import { startSandbox } from '../../../sandbox/index.js';

interface Step {
  title: string;
  args: string[];
  /** The exit code this step shows off: anything else means the demo itself went wrong. */
  expect: number[];
}

const AGENT = 'demo-agent';

const STEPS: Step[] = [
  {
    title: 'The agent reads pods: T0 observe, allowed at once',
    args: ['kubectl', 'get', 'pods', '-n', 'payments'],
    expect: [0],
  },
  {
    title: 'The agent scales a deployment: T2 modify, a human must approve (the answer is yours)',
    args: ['kubectl', 'scale', 'deployment/api', '-n', 'payments', '--replicas=4'],
    expect: [0, 4],
  },
  {
    title: 'The agent asks for a shell in a pod: T4 break-glass, refused by the default policy',
    args: ['kubectl', 'exec', '-n', 'payments', 'deploy/api', '--', 'sh'],
    expect: [3],
  },
  {
    title: 'What the log holds, per agent',
    args: ['audit', 'summary'],
    expect: [0],
  },
  {
    title: 'And that nobody has edited it',
    args: ['audit', 'verify'],
    expect: [0],
  },
];

// Two minutes: a newcomer reads the whole prompt before answering. The terminal channel only:
// without a terminal the scale step is declined at once rather than waiting on an inbox
// nobody is watching, so an unattended demo (CI) still finishes in seconds.
export const DEMO_POLICY = `version: 1
default: { 0: allow, 1: allow, 2: escalate, 3: escalate, 4: deny }
approval:
  timeout: 2m
  channel: tty
`;

function runStep(step: Step, env: NodeJS.ProcessEnv): Promise<number> {
  const entry = process.argv[1] ?? 'iddio';
  return new Promise((resolve, reject) => {
    // stdin is not passed on: the agent's stdin is never the approval channel anyway.
    const child = spawn(process.execPath, [entry, ...step.args], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export async function runDemo(): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'iddio-demo-'));
  writeFileSync(join(home, 'policy.yaml'), DEMO_POLICY, { mode: 0o600 });
  const sandbox = await startSandbox({ kubeconfigPath: join(home, 'sandbox.kubeconfig') });
  const out = process.stdout;
  out.write(chalk.bold('iddio demo: one agent, one sandbox cluster, one audit log\n'));
  out.write(`  sandbox cluster  ${sandbox.url}\n`);
  out.write(`  IDDIO_HOME       ${home}\n`);
  out.write(`  audit log        ${join(home, 'audit', 'audit.ndjson')}\n`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IDDIO_HOME: home,
    IDDIO_AGENT: AGENT,
    IDDIO_SESSION: 'demo',
    KUBECONFIG: sandbox.kubeconfigPath,
  };
  delete env.IDDIO_AGENT_TOKEN;
  delete env.IDDIO_AUDIT_LOG;
  let unexpected = 0;
  try {
    for (const [index, step] of STEPS.entries()) {
      out.write(`\n${chalk.cyan(`[${index + 1}/${STEPS.length}] ${step.title}`)}\n`);
      out.write(chalk.dim(`  $ IDDIO_AGENT=${AGENT} iddio ${step.args.join(' ')}\n`));
      const code = await runStep(step, env);
      out.write(chalk.dim(`  (exit ${code})\n`));
      if (!step.expect.includes(code)) unexpected++;
    }
  } finally {
    await sandbox.stop();
  }
  out.write(
    `\nEvery step above is one hash-chained event or more in the log. Look at it with\n` +
      `  IDDIO_HOME=${home} iddio audit log\n`,
  );
  return unexpected === 0 ? 0 : 1;
}
