/**
 * kubectl's transport limits and -v, in-process (short limits, so nothing waits long) and
 * through the shipped binary beside the real kubectl 1.32.3:
 * - a server that accepts TCP and never answers the TLS handshake: "Unable to connect to the
 *   server: net/http: TLS handshake timeout", exit 1, after kubectl's 10 s;
 * - a host whose address never resolves or connects: "dial tcp HOST:PORT: i/o timeout";
 * - --request-timeout on any verb: each request's limit and its `timeout` query;
 * - -v=6 / --v=7: kubectl's request lines on stderr, the credential masked.
 * Needs `npm run build` first for the binary tests.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { klogHeader, maskHeader } from '../../src/kube/verbose.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { generateTls } from '../../src/common/tls.js';
import { runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

const identity = { requestId: 'idd_01J0000000000000000000000A', agent: 'a', version: '0' };

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KubeError, String(error));
    return error.line;
  }
  assert.fail('the request did not fail');
}

describe('transport limits (in-process)', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  before(async () => {
    silent = await silentServer();
  });
  after(() => silent.close());

  it('gives up a TLS handshake that never completes, in kubectl words', async () => {
    const client = new KubeClient(
      `https://127.0.0.1:${silent.port}`,
      {},
      {
        ...identity,
        deadlines: { tlsHandshakeMs: 200 },
      },
    );
    const line = await failure(client.send({ path: '/api' }));
    assert.equal(line, 'Unable to connect to the server: net/http: TLS handshake timeout');
    assert.equal(client.requests[0]?.status, 0);
  });

  it('gives up a connection that is never made (the address never resolves)', async () => {
    const client = new KubeClient(
      'https://cluster.example:6443',
      // A resolver that never answers: the connect phase never ends on its own.
      { lookup: () => undefined },
      { ...identity, deadlines: { dialMs: 200 } },
    );
    const line = await failure(client.send({ path: '/api' }));
    assert.equal(
      line,
      'Unable to connect to the server: dial tcp cluster.example:6443: i/o timeout',
    );
  });

  it('limits each request to --request-timeout and sends it as the timeout query', async () => {
    const client = new KubeClient(
      `https://127.0.0.1:${silent.port}`,
      {},
      { ...identity, requestTimeoutNs: 300e6 },
    );
    const line = await failure(client.send({ path: '/api/v1/pods', query: { limit: '500' } }));
    assert.equal(line, 'Unable to connect to the server: context deadline exceeded');
    assert.equal(client.requests[0]?.path, '/api/v1/pods?limit=500&timeout=300ms');
  });

  it('applies --request-timeout to a server that completes TLS and never responds', async () => {
    const tls = await generateTls(new Date());
    const server = createHttpsServer({ key: tls.key, cert: tls.cert }, () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const client = new KubeClient(
        `https://127.0.0.1:${port}`,
        { ca: tls.caCert },
        { ...identity, requestTimeoutNs: 300e6 },
      );
      const line = await failure(client.send({ path: '/api' }));
      assert.equal(line, 'Unable to connect to the server: context deadline exceeded');
      assert.equal(client.requests[0]?.path, '/api?timeout=300ms');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('-v request lines', () => {
  it('prints the klog header as kubectl does', () => {
    const at = new Date(2026, 11, 6, 7, 5, 3, 42);
    assert.equal(
      klogHeader('round_trippers.go:560', at, 5258),
      'I1206 07:05:03.042000    5258 round_trippers.go:560] ',
    );
  });
  it('masks credentials, keeping the scheme', () => {
    assert.equal(maskHeader('Authorization', 'Bearer abc.def'), 'Bearer <masked>');
    assert.equal(maskHeader('authorization', 'Basic dXNlcjpwdw=='), 'Basic <masked>');
    assert.equal(maskHeader('Authorization', 'opaque'), '<masked>');
    assert.equal(maskHeader('Accept', 'application/json'), 'application/json');
  });
});

/** kubectl's request lines, without what differs run to run (time, pid, latency). */
function requestLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.includes('round_trippers.go:560]'))
    .map((line) =>
      line
        .replace(/^I\d{4} [\d:.]+ +\d+ /, 'I<time> <pid> ')
        .replace(/in \d+ milliseconds$/, 'in <n> milliseconds'),
    );
}

describe('the binary beside kubectl 1.32.3', () => {
  let sandbox: Sandbox;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let silentKubeconfig: string;
  const policy = 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n';

  function sides(kubeconfig: string): { kubectl: NodeJS.ProcessEnv; iddio: NodeJS.ProcessEnv } {
    const home = tempDir();
    writeFileSync(join(home, 'policy.yaml'), policy);
    return {
      kubectl: { PATH: process.env.PATH, HOME: tempDir(), KUBECONFIG: kubeconfig },
      iddio: { HOME: tempDir(), KUBECONFIG: kubeconfig, IDDIO_HOME: home, IDDIO_AGENT: 't' },
    };
  }

  before(async () => {
    sandbox = await startSandbox({ kubeconfigPath: join(tempDir(), 'kubeconfig') });
    silent = await silentServer();
    silentKubeconfig = join(tempDir(), 'kubeconfig');
    writeFileSync(
      silentKubeconfig,
      readFileSync(sandbox.kubeconfigPath, 'utf8').replace(
        /server: https:\/\/127\.0\.0\.1:\d+/g,
        `server: https://127.0.0.1:${silent.port}`,
      ),
    );
  });
  after(async () => {
    await silent.close();
    await sandbox.stop();
  });

  it('-v=6 prints the same request lines as kubectl, and the same output', async () => {
    const env = sides(sandbox.kubeconfigPath);
    const argv = ['get', 'pods', '-n', 'payments', '-v=6'];
    const [real, ours] = await Promise.all([
      runProcess(kubectlPath(), argv, { env: env.kubectl }),
      runIddio(['kubectl', ...argv], { env: env.iddio }),
    ]);
    assert.equal(ours.code, real.code);
    assert.equal(ours.stdout, real.stdout);
    const lines = requestLines(ours.stderr);
    assert.equal(lines.length, 3, ours.stderr);
    assert.deepEqual(lines, requestLines(real.stderr));
  });

  it('--v=7 shows the request headers with the credential masked', async () => {
    const env = sides(sandbox.kubeconfigPath);
    const ours = await runIddio(['kubectl', '--v=7', 'get', 'ns', '--request-timeout=20s'], {
      env: env.iddio,
    });
    assert.equal(ours.code, 0, ours.stderr);
    assert.match(ours.stderr, /round_trippers\.go:480\] {5}Authorization: Bearer <masked>\n/);
    assert.match(
      ours.stderr,
      /GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\?limit=500&timeout=20s\n/,
    );
    assert.ok(!ours.stderr.includes(sandbox.token), 'the token is printed');
  });

  it('--request-timeout ends a hung delete as kubectl does: one line, exit 1', async () => {
    const env = sides(silentKubeconfig);
    const argv = ['delete', 'pod', 'x', '-n', 'payments', '--request-timeout=1s'];
    const [real, ours] = await Promise.all([
      runProcess(kubectlPath(), argv, { env: env.kubectl }),
      runIddio(['kubectl', ...argv], { env: env.iddio }),
    ]);
    assert.equal(real.code, 1);
    assert.equal(ours.code, 1);
    assert.equal(ours.stderr, 'Unable to connect to the server: context deadline exceeded\n');
    // kubectl retries discovery before its last line; each try ends with this error.
    assert.ok(real.stderr.includes('context deadline exceeded'), real.stderr);
  });

  it('gives up a silent server after kubectl TLS handshake limit, on record', async () => {
    const env = sides(silentKubeconfig);
    const ours = await runIddio(['kubectl', 'get', 'pods'], { env: env.iddio });
    assert.equal(ours.code, 1);
    assert.equal(ours.stderr, 'Unable to connect to the server: net/http: TLS handshake timeout\n');
    const log = readFileSync(join(env.iddio.IDDIO_HOME as string, 'audit', 'audit.ndjson'), 'utf8');
    const completed = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { stage: string; exit_code?: number })
      .find((event) => event.stage === 'completed');
    assert.equal(completed?.exit_code, 1);
  });
});
