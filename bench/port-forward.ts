/**
 * port-forward throughput (the kubectl-surface issue), recorded in docs/benchmarks.md: the real
 * kubectl port-forward straight at the sandbox (the WebSocket tunnel kubectl tries first; with
 * KUBECTL_PORT_FORWARD_WEBSOCKETS=false, plain SPDY), a client sending 100 MB through it to the
 * pod's echo listener and reading the 100 MB echo back. Reports MB/s of payload (each byte crosses
 * the forward twice). `measurePortForward` takes any kubeconfig, so the same measurement runs
 * through the gateway.
 *
 *   node --import tsx bench/port-forward.ts [--mb N] [--runs N]
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../src/sandbox/index.js';
import { kubectlPath } from '../test/helpers/kubectl.js';

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
  try {
    const modes: [string, NodeJS.ProcessEnv][] = [
      ['WebSocket tunnel (kubectl default)', {}],
      [
        'plain SPDY (KUBECTL_PORT_FORWARD_WEBSOCKETS=false)',
        { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' },
      ],
    ];
    for (const [mode, env] of modes) {
      const rates = await measurePortForward(
        {
          kubeconfig: sandbox.kubeconfigPath,
          namespace: 'payments',
          target: 'deployment/api',
          port: 8080,
          env,
        },
        mb,
        runs,
      );
      const sorted = [...rates].sort((a, b) => a - b);
      console.log(
        `${mode}, straight at the sandbox, ${mb} MB each way, ${runs} runs: ` +
          `${rates.map((r) => r.toFixed(1)).join(', ')} MB/s (median ${sorted[Math.floor(runs / 2)]?.toFixed(1)})`,
      );
    }
  } finally {
    await sandbox.stop();
  }
}
