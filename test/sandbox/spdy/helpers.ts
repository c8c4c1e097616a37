/**
 * Test doubles for the SPDY transport: a small container runtime (echo, cat, exit codes, an
 * echo listener on every port) and an HTTPS front for the sandbox that hands SPDY upgrades to
 * the transport and passes every other request on, so the real kubectl can be pointed at it.
 */
import { request as httpsRequest, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { PassThrough, type Duplex } from 'node:stream';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { generateTls } from '../../../src/common/tls.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import {
  acceptSpdy,
  wantsSpdy,
  type SpdyRequest,
} from '../../../src/sandbox/streams/spdy/index.js';
import type {
  ContainerRuntime,
  ExitStatus,
  ProcessStreams,
  TerminalSize,
} from '../../../src/sandbox/streams/types.js';

export interface TestRuntime extends ContainerRuntime {
  resizes: TerminalSize[];
  connects: number[];
}

/**
 * `echo ARGS`, `err TEXT` (to stderr), `cat` (stdin to stdout), `exit N`, `size` (waits for the
 * terminal's size and prints it); anything else is a runtime failure.
 */
export function testRuntime(): TestRuntime {
  const resizes: TerminalSize[] = [];
  const connects: number[] = [];
  const run = async (command: readonly string[], io: ProcessStreams): Promise<ExitStatus> => {
    let sized: (size: TerminalSize) => void = () => undefined;
    const firstSize = new Promise<TerminalSize>((resolve) => (sized = resolve));
    io.onResize?.((size) => {
      resizes.push(size);
      sized(size);
    });
    const [name, ...args] = command;
    const write = (stream: NodeJS.WritableStream | undefined, text: string): Promise<void> =>
      new Promise((resolve) => (stream ? stream.write(text, () => resolve()) : resolve()));
    switch (name) {
      case 'echo':
        await write(io.stdout, `${args.join(' ')}\n`);
        return { code: 0 };
      case 'err':
        await write(io.stderr ?? io.stdout, `${args.join(' ')}\n`);
        return { code: 0 };
      case 'cat':
        if (io.stdin && io.stdout) {
          const stdout = io.stdout;
          await new Promise<void>((resolve) => {
            io.stdin!.on('end', resolve);
            io.stdin!.pipe(stdout, { end: false });
          });
        }
        return { code: 0 };
      case 'size': {
        const { width, height } = await firstSize;
        await write(io.stdout, `${width}x${height}\n`);
        return { code: 0 };
      }
      case 'exit':
        return { code: Number(args[0]) };
      default:
        return { failure: `executable file not found: ${name ?? ''}` };
    }
  };
  return {
    resizes,
    connects,
    exec: (_target, command, io) => run(command, io),
    attach: (_target, io) => run(['cat'], io),
    connect(_target, port): Duplex | { failure: string } {
      connects.push(port);
      if (port === 1) return { failure: 'nothing listens on port 1' };
      return new PassThrough();
    },
  };
}

/** What the sandbox's upgrade entry will derive from the URL; here for the front only. */
export function spdyRequestOf(url: URL): SpdyRequest | undefined {
  const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)$/.exec(
    url.pathname,
  );
  if (!match) return undefined;
  const [, namespace = '', pod = '', kind] = match;
  const container = url.searchParams.get('container') ?? undefined;
  const target = { namespace, pod, ...(container && { container }) };
  if (kind === 'portforward') return { kind: 'portforward', target };
  const flag = (name: string): boolean => ['true', '1'].includes(url.searchParams.get(name) ?? '');
  return {
    kind: kind === 'exec' ? 'exec' : 'attach',
    target,
    command: url.searchParams.getAll('command'),
    stdin: flag('stdin'),
    stdout: flag('stdout'),
    stderr: flag('stderr'),
    tty: flag('tty'),
  };
}

export interface Front {
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** An HTTPS server in front of the sandbox: SPDY upgrades to the transport, the rest passed on. */
export async function startFront(
  sandbox: Sandbox,
  runtime: ContainerRuntime,
  dir: string,
): Promise<Front> {
  const config = parse(readFileSync(sandbox.kubeconfigPath, 'utf8')) as {
    clusters: { cluster: Record<string, string> }[];
  };
  const upstreamCa = Buffer.from(
    config.clusters[0]!.cluster['certificate-authority-data']!,
    'base64',
  );
  const upstream = new URL(sandbox.url);
  const tls = await generateTls(new Date());
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const forwarded = httpsRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        ca: upstreamCa,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    const spdy = spdyRequestOf(new URL(req.url ?? '/', 'https://front'));
    if (!spdy || !wantsSpdy(req)) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    void acceptSpdy(req, socket, head, spdy, runtime);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  config.clusters[0]!.cluster.server = `https://127.0.0.1:${port}`;
  config.clusters[0]!.cluster['certificate-authority-data'] = Buffer.from(tls.caCert).toString(
    'base64',
  );
  const kubeconfigPath = join(dir, 'front-kubeconfig');
  writeFileSync(kubeconfigPath, stringify(config), { mode: 0o600 });
  return {
    kubeconfigPath,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
