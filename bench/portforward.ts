/**
 * port-forward throughput through the gateway (issue 12): 100 MB sent over an upgraded
 * connection and echoed back, through `iddio serve` (relayed, counted each way) vs straight at
 * the upstream, alternating runs; median MB/s each way and the ratio (target ≥ 80 % of direct).
 * The upstream is the tests' HTTPS echo (test/gateway/stream-upstream.ts); everything runs in
 * this one process, as bench/gateway.ts does.
 *
 *   node --import tsx bench/portforward.ts [--runs N] [--mb M]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { connect } from 'node:tls';
import { auditEvents, eventually, gatewayFor } from '../test/gateway/helpers.js';
import { streamUpstream } from '../test/gateway/stream-upstream.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = arg('--runs', 5);
const BYTES = arg('--mb', 100) * 1024 * 1024;
const PATH = '/api/v1/namespaces/payments/pods/api/portforward?ports=8080';

/** Sends BYTES through an upgraded connection and reads them back; returns the seconds taken. */
function transfer(target: {
  host: string;
  port: number;
  ca: string;
  token: string;
}): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    let head = '';
    let received = 0;
    let started = 0;
    const socket = connect({ host: target.host, port: target.port, ca: target.ca }, () => {
      socket.write(
        `GET ${PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${target.token}\r\n` +
          'Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n',
      );
    });
    let sent = 0;
    const pump = (): void => {
      while (sent < BYTES) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('data', (data: Buffer) => {
      if (started === 0) {
        head += data.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!head.startsWith('HTTP/1.1 101')) reject(new Error(head.split('\r\n')[0]));
        started = performance.now();
        received += Buffer.byteLength(head.slice(end + 4), 'latin1');
        pump();
        return;
      }
      received += data.length;
      if (received >= BYTES) {
        const seconds = (performance.now() - started) / 1000;
        socket.end();
        resolve(seconds);
      }
    });
    socket.on('error', reject);
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const upstream = await streamUpstream();
const gw = await gatewayFor(upstream.kubeconfig, {
  policy: 'version: 1\nagents:\n  bot:\n    tiers: { 4: allow }\n',
});
const config = readFileSync(upstream.kubeconfig, 'utf8');
const upstreamUrl = new URL(/server: "([^"]+)"/.exec(config)?.[1] ?? '');
const upstreamCa = Buffer.from(
  /certificate-authority-data: (\S+)\}/.exec(config)?.[1] ?? '',
  'base64',
).toString();
const gatewayUrl = new URL(gw.gateway.url);
const direct: number[] = [];
const through: number[] = [];
for (let run = 0; run < RUNS; run++) {
  direct.push(
    await transfer({
      host: upstreamUrl.hostname,
      port: Number(upstreamUrl.port),
      ca: upstreamCa,
      token: 'x',
    }),
  );
  through.push(
    await transfer({
      host: gatewayUrl.hostname,
      port: Number(gatewayUrl.port),
      ca: gw.caCert,
      token: gw.token,
    }),
  );
}
// Every forward's completed event counts exactly what was sent, each way.
const exact = await eventually(() => {
  const done = auditEvents(gw.paths.auditLog).filter((e) => e.stage === 'completed');
  if (done.length < RUNS) return undefined;
  return done.filter((e) => {
    const request = e.api_requests?.[0];
    return request?.bytes_to_cluster === BYTES && request.bytes_to_client === BYTES;
  }).length;
}, 30_000);
const mb = BYTES / (1024 * 1024);
const rate = (seconds: number): string => (mb / seconds).toFixed(1);
console.log(
  `${new Date().toISOString()} ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`${RUNS} alternating runs of ${mb} MB each way (sent and echoed back):`);
console.log(
  `direct  median ${median(direct).toFixed(2)} s = ${rate(median(direct))} MB/s each way`,
);
console.log(
  `gateway median ${median(through).toFixed(2)} s = ${rate(median(through))} MB/s each way`,
);
console.log(
  `ratio (gateway throughput / direct): ${(median(direct) / median(through)).toFixed(2)}`,
);
console.log(`completed events counting ${BYTES} bytes each way: ${exact} of ${RUNS}`);
await gw.stop();
await upstream.close();
