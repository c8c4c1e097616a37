/**
 * port-forward throughput (the kubectl-surface issue), recorded in docs/benchmarks.md: the real
 * kubectl port-forward straight at the sandbox (the WebSocket tunnel kubectl tries first; with
 * KUBECTL_PORT_FORWARD_WEBSOCKETS=false, plain SPDY), a client sending 100 MB through it to the
 * pod's echo listener and reading the 100 MB echo back. Reports MB/s of payload (each byte crosses
 * the forward twice) — straight at the sandbox, then through `iddio serve` running as a process
 * of its own (as it is deployed), its ratio to straight beside it.
 *
 *   node --import tsx bench/port-forward.ts [--mb N] [--runs N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../src/sandbox/index.js';
import { kubectlPath } from '../test/helpers/kubectl.js';
import { BIN } from '../test/helpers/cli.js';

export interface ForwardTarget {
  kubeconfig: string;
  namespace: string;
  /** What kubectl port-forward is pointed at: `pod/NAME`, `deployment/NAME`, … */
  target: string;
  port: number;
  /** Extra environment for kubectl, e.g. KUBECTL_PORT_FORWARD_WEBSOCKETS=false. */
  env?: NodeJS.ProcessEnv;
}

/** One kubectl port-forward, `runs` transfers of `mb` MB each way through it; MB/s per run. */
export async function measurePortForward(
  target: ForwardTarget,
  mb: number,
  runs: number,
): Promise<number[]> {
  const child = spawn(
    kubectlPath(),
    ['-n', target.namespace, 'port-forward', target.target, `:${target.port}`],
    { env: { ...process.env, ...target.env, KUBECONFIG: target.kubeconfig } },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  try {
    const local = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', () => reject(new Error(`port-forward exited: ${stderr}`)));
    });
    await transfer(local, 1); // warm-up
    const rates: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const echoed = await transfer(local, mb);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (echoed !== mb * 1024 * 1024) throw new Error(`echoed ${echoed} bytes of ${mb} MB`);
      rates.push(mb / seconds);
    }
    return rates;
  } finally {
    child.kill();
  }
}

/** Sends `mb` MB (MiB) through the forward, half-closes, counts what comes back. */
function transfer(port: number, mb: number): Promise<number> {
  const total = mb * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += piece.length;
          if (!socket.write(piece)) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
    let received = 0;
    socket.on('data', (data: Buffer) => (received += data.length));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string, fallback: number): number => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const mb = arg('--mb', 100);
  const runs = arg('--runs', 3);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `# ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${load}`,
  );
  const sandbox = await startSandbox();
  const gateway = await servedGateway(sandbox.kubeconfigPath);
  try {
    const modes: [string, NodeJS.ProcessEnv][] = [
      ['WebSocket tunnel (kubectl default)', {}],
      [
        'plain SPDY (KUBECTL_PORT_FORWARD_WEBSOCKETS=false)',
        { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' },
      ],
    ];
    for (const [mode, env] of modes) {
      const medians: number[] = [];
      let gatewayCpu = 0;
      for (const [where, kubeconfig] of [
        ['straight at the sandbox', sandbox.kubeconfigPath],
        ['through iddio serve', gateway.kubeconfig],
      ] as const) {
        const cpuBefore = gateway.cpuSeconds();
        const rates = await measurePortForward(
          { kubeconfig, namespace: 'payments', target: 'deployment/api', port: 8080, env },
          mb,
          runs,
        );
        gatewayCpu = gateway.cpuSeconds() - cpuBefore;
        const median = [...rates].sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
        medians.push(median);
        console.log(
          `${mode}, ${where}, ${mb} MB each way, ${runs} runs: ` +
            `${rates.map((r) => r.toFixed(1)).join(', ')} MB/s (median ${median.toFixed(1)})`,
        );
      }
      console.log(
        `${mode}: through iddio serve / straight = ${((medians[1] ?? 0) / (medians[0] ?? 1)).toFixed(2)}; ` +
          `the gateway used ${((gatewayCpu / ((runs + 1 / mb) * mb * 2)) * 1024).toFixed(1)} CPU-seconds per GB relayed`,
      );
    }
  } finally {
    await gateway.stop();
    await sandbox.stop();
  }
}

/**
 * `iddio serve` in a process of its own (as it is deployed), in front of the sandbox, with an
 * agent allowed port-forward (break-glass) and its kubeconfig from `iddio agent kubeconfig`.
 */
async function servedGateway(
  upstream: string,
): Promise<{ kubeconfig: string; cpuSeconds: () => number; stop: () => Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'iddio-bench-gw-'));
  writeFileSync(
    join(home, 'policy.yaml'),
    'version: 1\nagents:\n  bench:\n    tiers: { 4: allow }\n',
  );
  const env = { ...process.env, IDDIO_HOME: home };
  const serve = spawn(
    process.execPath,
    [BIN, 'serve', '--upstream-kubeconfig', upstream, '--listen', '127.0.0.1:0'],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const ready = /ready at (\S+)/.exec(out);
      if (ready?.[1]) resolve(ready[1]);
    });
    serve.on('exit', (code) => reject(new Error(`iddio serve exited ${code}`)));
  });
  const kubeconfig = join(home, 'bench.kubeconfig');
  const made = spawnSync(
    process.execPath,
    [BIN, 'agent', 'kubeconfig', 'bench', '--server', url, '--out', kubeconfig],
    { env },
  );
  if (made.status !== 0) throw new Error(`iddio agent kubeconfig: ${String(made.stderr)}`);
  return {
    kubeconfig,
    // utime + stime of the gateway process, from /proc (Linux), in seconds.
    cpuSeconds: () => {
      const fields =
        readFileSync(`/proc/${serve.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        serve.once('exit', () => resolve());
        serve.kill();
      }),
  };
}
