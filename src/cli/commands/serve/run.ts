/**
 * `iddio serve`: checks its home and its upstream, starts the gateway, prints one readiness
 * line on stdout, and serves until SIGTERM or SIGINT, then stops cleanly: new connections are
 * refused, open commands get their `completed` events, and it exits 0.
 */
import { statSync } from 'node:fs';
import { UsageError } from '../../../common/errors.js';
import { makeStateDir } from '../../../common/make-dirs.js';
import { stripControlLine } from '../../../common/sanitize.js';
import { shippedRulesDir } from '../../../classify/index.js';
import { loadSelectedConfig } from '../../../kube/kubeconfig.js';
import { iddioPaths } from '../../env.js';

export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new UsageError(
      `--listen must be HOST:PORT (e.g. 127.0.0.1:7443), not "${stripControlLine(text)}"`,
      {
        code: 'bad_listen',
      },
    );
  }
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

/** The gateway's home holds the cluster credential's decisions: nobody else may read it. */
function checkHome(home: string): void {
  makeStateDir(home, 'the gateway home');
  const mode = statSync(home).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UsageError(
      `${stripControlLine(home)} is open to other users (mode ${mode.toString(8)}); run: chmod 700 ${stripControlLine(home)}`,
      { code: 'home_open' },
    );
  }
}

export async function runServe(flags: Record<string, string | boolean | undefined>): Promise<void> {
  const impersonate = flags.impersonate === true;
  const options = Object.fromEntries(
    Object.entries(flags).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const { host, port } = parseListen(options.listen ?? '127.0.0.1:7443');
  const env = {
    ...process.env,
    ...(options.home !== undefined ? { IDDIO_HOME: options.home } : {}),
  };
  const paths = iddioPaths(env);
  checkHome(paths.home);
  const upstream = loadSelectedConfig(
    {
      ...(options.upstreamKubeconfig !== undefined
        ? { kubeconfig: options.upstreamKubeconfig }
        : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
    },
    env,
  );
  const { loadOrCreateTls } = await import('../../../gateway/tls.js');
  const { startGateway } = await import('../../../gateway/index.js');
  const tls = await loadOrCreateTls(paths.home, {
    ...(options.tlsCert !== undefined ? { certFile: options.tlsCert } : {}),
    ...(options.tlsKey !== undefined ? { keyFile: options.tlsKey } : {}),
    hosts: host === '0.0.0.0' || host === '::' ? [] : [host],
  });
  const log = (line: string): void => void process.stderr.write(`${stripControlLine(line)}\n`);
  let gateway;
  try {
    gateway = await startGateway({
      paths,
      shippedRulesDir: shippedRulesDir(),
      upstream,
      tls,
      host,
      port,
      log,
      impersonate,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(`${host}:${port} is already in use`, { code: 'port_in_use' });
    if (code === 'EACCES')
      throw new UsageError(`cannot listen on ${host}:${port}: permission denied`, {
        code: 'port_denied',
      });
    throw error;
  }
  process.stdout.write(
    `iddio serve: ready at ${gateway.url} (upstream ${stripControlLine(upstream.server)}, ` +
      `context ${stripControlLine(upstream.contextName || '-')}; home ${stripControlLine(paths.home)}` +
      `${impersonate ? '; impersonating agents' : ''})\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await gateway.stop();
  process.stdout.write('iddio serve: stopped\n');
}
