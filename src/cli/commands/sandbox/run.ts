/**
 * `iddio sandbox`: starts the sandbox API server, prints how to reach it, and serves until
 * SIGINT/SIGTERM, then stops cleanly (exit 0).
 */
import { UsageError } from '../../../common/errors.js';
import { stripControlLine } from '../../../common/sanitize.js';

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not "${text}"`, {
      code: 'bad_port',
    });
  }
  return Number(text);
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export async function runSandbox(options: Record<string, string | undefined>): Promise<void> {
  const port = parsePort(options.port);
  const { startSandbox, SeedError } = await import('../../../sandbox/index.js');
  let sandbox;
  try {
    sandbox = await startSandbox({
      port,
      kubeconfigPath: options.kubeconfig,
      auditLogPath: options.auditLog,
      seedFile: options.seed,
    });
  } catch (error) {
    if (error instanceof SeedError)
      throw new UsageError(`bad seed: ${error.message}`, { code: 'seed_invalid' });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is already in use`, { code: 'port_in_use' });
    if (code === 'EACCES')
      throw new UsageError(`cannot listen on port ${port}: permission denied`, {
        code: 'port_denied',
      });
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new UsageError(
        `cannot write ${stripControlLine(String((error as NodeJS.ErrnoException).path ?? ''))}`,
        { code: 'bad_path' },
      );
    }
    throw error;
  }
  const out = process.stdout;
  out.write(`iddio sandbox serving at ${sandbox.url}\n`);
  out.write(
    `kubeconfig:  ${sandbox.kubeconfigPath}  (context iddio-sandbox; iddio-sandbox-viewer is read-only)\n`,
  );
  out.write(`audit log:   ${sandbox.auditLogPath}\n`);
  out.write(`\n  KUBECONFIG=${shellQuote(sandbox.kubeconfigPath)} kubectl get pods -A\n\n`);
  out.write('Press Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.stop();
  out.write('iddio sandbox stopped\n');
}
