/**
 * A private CA and a serving certificate signed by it (EC P-256: tens of milliseconds). The
 * sandbox makes a throwaway pair at every start; the gateway makes one on its first start and
 * keeps it in its home, so the CA in agents' kubeconfigs stays valid across restarts.
 */
import { isIP } from 'node:net';
import selfsigned from 'selfsigned';

export interface ServingTls {
  caCert: string;
  /** The CA's private key: kept only by callers that persist the pair. */
  caKey: string;
  cert: string;
  key: string;
}

export interface TlsNames {
  /** Common names: `<name>-ca` for the CA, `<name>` for the serving certificate. */
  name: string;
  /** Host names and IP addresses the serving certificate is valid for. */
  hosts: readonly string[];
  validDays?: number;
}

const LOOPBACK = ['127.0.0.1', 'localhost'];

export async function generateTls(
  now: Date,
  names: TlsNames = { name: 'iddio-sandbox', hosts: LOOPBACK },
): Promise<ServingTls> {
  const notBeforeDate = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfterDate = new Date(now.getTime() + (names.validDays ?? 365) * 24 * 60 * 60 * 1000);
  const ca = await selfsigned.generate([{ name: 'commonName', value: `${names.name}-ca` }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const altNames = [...new Set(names.hosts)].map((host) =>
    isIP(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host },
  );
  const serving = await selfsigned.generate([{ name: 'commonName', value: names.name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { caCert: ca.cert, caKey: ca.private, cert: serving.cert, key: serving.private };
}
