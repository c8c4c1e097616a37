/**
 * The gateway's TLS identity: its own CA and serving certificate, made on the first start and
 * kept in `<home>/gateway/` (0600 keys in a 0700 folder), so agents' kubeconfigs keep trusting
 * it across restarts; or a certificate and key the operator brings (`--tls-cert/--tls-key`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generateTls } from '../common/tls.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { makeStateDir } from '../common/make-dirs.js';

export interface GatewayTls {
  cert: string;
  key: string;
  /** The CA agents trust; absent when the operator's certificate chains to a public CA. */
  caCert?: string;
}

export function gatewayDir(home: string): string {
  return join(home, 'gateway');
}

const FILES = { ca: 'ca.crt', caKey: 'ca.key', cert: 'tls.crt', key: 'tls.key' } as const;

/** The CA certificate `iddio agent kubeconfig` embeds, when the gateway made its own. */
export function readGatewayCa(home: string): string | undefined {
  const path = join(gatewayDir(home), FILES.ca);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export async function loadOrCreateTls(
  home: string,
  options: { certFile?: string; keyFile?: string; hosts: readonly string[] },
): Promise<GatewayTls> {
  if (options.certFile !== undefined || options.keyFile !== undefined) {
    if (options.certFile === undefined || options.keyFile === undefined) {
      throw new Error('--tls-cert and --tls-key go together');
    }
    return {
      cert: readFileSync(options.certFile, 'utf8'),
      key: readFileSync(options.keyFile, 'utf8'),
    };
  }
  const dir = gatewayDir(home);
  const path = (name: keyof typeof FILES): string => join(dir, FILES[name]);
  if (existsSync(path('cert')) && existsSync(path('key')) && existsSync(path('ca'))) {
    return {
      cert: readFileSync(path('cert'), 'utf8'),
      key: readFileSync(path('key'), 'utf8'),
      caCert: readFileSync(path('ca'), 'utf8'),
    };
  }
  makeStateDir(dir, 'the gateway TLS folder');
  const made = await generateTls(new Date(), {
    name: 'iddio-gateway',
    hosts: ['127.0.0.1', 'localhost', '::1', hostname(), ...options.hosts],
    validDays: 825,
  });
  writeFileAtomic(path('caKey'), made.caKey);
  writeFileAtomic(path('key'), made.key);
  writeFileAtomic(path('cert'), made.cert);
  // Written last: its presence says the set is complete.
  writeFileAtomic(path('ca'), made.caCert);
  return { cert: made.cert, key: made.key, caCert: made.caCert };
}
