/**
 * Gateway benchmarks (the gateway issue), recorded in docs/benchmarks.md:
 *   1. the real `kubectl get pods -n payments` through `iddio serve` vs straight at the sandbox,
 *      alternating runs: median ratio (target ≤ 1.15);
 *   2. added latency per proxied request with 50 concurrent clients (keep-alive), p50 and p99,
 *      for requests that open a command (a `decided` event each) and for later requests of an
 *      open command (target p99 ≤ 10 ms on loopback);
 *   3. 8 agents × 100 commands at once: every command audited, the chain intact, and the
 *      independent Python verifier agrees.
 *
 *   npm run build && node --import tsx bench/gateway.ts [--runs N]
 */
import { spawnSync } from 'node:child_process';
import https from 'node:https';
import { loadavg, cpus } from 'node:os';

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyLog } from '../src/audit/verify-log.js';
import { startSandbox } from '../src/sandbox/index.js';
import { auditEvents, eventually, gatewayFor } from '../test/gateway/helpers.js';
import { kubectlPath } from '../test/helpers/kubectl.js';
import { PY_VERIFIER } from '../test/audit/helpers/log.js';
import { runProcess, tempDir } from '../test/helpers/cli.js';

const argRuns = process.argv.indexOf('--runs');
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 30;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number): string => `${n.toFixed(1)} ms`;

console.log(
  `# ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${load()}`,
);

const sandbox = await startSandbox();
const gw = await gatewayFor(sandbox.kubeconfigPath, { extra: { idleMs: 200 } });
try {
  // 1. Whole kubectl commands, alternating.
  const home = tempDir('iddio-bench-h-');
  // Asynchronously: the sandbox and the gateway serve from this very process.
  const run = async (kubeconfig: string): Promise<number> => {
    const start = process.hrtime.bigint();
    const result = await runProcess(kubectlPath(), ['get', 'pods', '-n', 'payments'], {
      env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig },
    });
    if (result.code !== 0) throw new Error(result.stderr);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let i = 0; i < 3; i++) {
    await run(sandbox.kubeconfigPath);
    await run(gw.kubeconfig);
  }
  const direct: number[] = [];
  const through: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    direct.push(await run(sandbox.kubeconfigPath));
    through.push(await run(gw.kubeconfig));
  }
  direct.sort((a, b) => a - b);
  through.sort((a, b) => a - b);
  console.log(
    `1. kubectl get pods -n payments, ${RUNS} alternating runs: direct median ${ms(pct(direct, 50))} ` +
      `(p10 ${ms(pct(direct, 10))}, p90 ${ms(pct(direct, 90))}), through the gateway ${ms(pct(through, 50))} ` +
      `(p10 ${ms(pct(through, 10))}, p90 ${ms(pct(through, 90))}); ratio ${(pct(through, 50) / pct(direct, 50)).toFixed(2)}`,
  );

  // 2. Added latency per request, 50 concurrent keep-alive clients.
  const sandboxToken = sandbox.token;
  const sandboxCa = Buffer.from(
    /certificate-authority-data: (\S+)/.exec(readFileSync(sandbox.kubeconfigPath, 'utf8'))?.[1] ??
      '',
    'base64',
  ).toString();
  const timed = (
    url: string,
    ca: string,
    token: string,
    agent: https.Agent,
    headers: Record<string, string> = {},
  ): Promise<number> =>
    new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const req = https.request(
        url,
        { ca, agent, headers: { Authorization: `Bearer ${token}`, ...headers } },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(Number(process.hrtime.bigint() - start) / 1e6)
              : reject(new Error(String(res.statusCode))),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  const PATH = '/api/v1/namespaces/payments/configmaps';
  const clients = 50;
  const each = 40;
  const measure = async (
    url: string,
    ca: string,
    token: string,
    session: (client: number, i: number) => Record<string, string>,
  ): Promise<number[]> => {
    const out: number[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
        await timed(url, ca, token, agent); // connect once, outside the measurement
        for (let i = 0; i < each; i++) out.push(await timed(url, ca, token, agent, session(c, i)));
        agent.destroy();
      }),
    );
    return out.sort((a, b) => a - b);
  };
  const directLat = await measure(`${sandbox.url}${PATH}`, sandboxCa, sandboxToken, () => ({}));
  const newCommand = await measure(`${gw.gateway.url}${PATH}`, gw.caCert, gw.token, () => ({}));
  const sessions = Array.from({ length: clients }, () => randomUUID());
  const openCommand = await measure(`${gw.gateway.url}${PATH}`, gw.caCert, gw.token, (c) => ({
    'Kubectl-Session': sessions[c] ?? '',
  }));
  const row = (name: string, xs: number[]): string =>
    `   ${name}: p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}; added p50 ${ms(pct(xs, 50) - pct(directLat, 50))}, p99 ${ms(pct(xs, 99) - pct(directLat, 99))}`;
  console.log(`2. ${clients} concurrent clients × ${each} requests (GET ${PATH}), keep-alive:`);
  console.log(`   direct: p50 ${ms(pct(directLat, 50))}, p99 ${ms(pct(directLat, 99))}`);
  console.log(
    row('through the gateway, each request its own command (decided + completed)', newCommand),
  );
  console.log(row('through the gateway, requests of open commands (Kubectl-Session)', openCommand));

  // 3. 8 agents × 100 commands at once, two requests per command.
  const agents = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const file = await gw.agent(`agent-${i}`);
      return /token: (\S+)/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    }),
  );
  const started = Date.now();
  await Promise.all(
    agents.map(async (token) => {
      const agent = new https.Agent({ keepAlive: true, maxSockets: 4 });
      for (let c = 0; c < 100; c++) {
        const session = randomUUID();
        await timed(`${gw.gateway.url}/api/v1/namespaces/payments/pods`, gw.caCert, token, agent, {
          'Kubectl-Session': session,
        });
        await timed(
          `${gw.gateway.url}/apis/apps/v1/namespaces/payments/deployments`,
          gw.caCert,
          token,
          agent,
          { 'Kubectl-Session': session },
        );
      }
      agent.destroy();
    }),
  );
  const elapsed = Date.now() - started;
  const events = await eventually(() => {
    const all = auditEvents(gw.paths.auditLog);
    return all.filter((e) => e.stage === 'completed' && e.agent?.startsWith('agent-')).length >= 800
      ? all
      : undefined;
  }, 30_000);
  const completed = events.filter(
    (e) => e.stage === 'completed' && e.agent?.startsWith('agent-') === true,
  );
  const perCommand = completed.every((e) => (e.api_requests ?? []).length === 2);
  const report = await verifyLog(gw.paths.auditLog);
  const py = spawnSync('python3', [PY_VERIFIER, gw.paths.auditLog], { encoding: 'utf8' });
  console.log(
    `3. 8 agents × 100 commands (2 requests each) in ${elapsed} ms: ${completed.length} completed events, ` +
      `each listing its 2 requests: ${perCommand}; chain ${report.ok ? 'intact' : `BROKEN: ${report.failure?.message}`} ` +
      `(${report.events} events); Python verifier exit ${py.status}`,
  );
} finally {
  await gw.stop();
  await sandbox.stop();
}
console.log(`# load after: ${load()}`);
