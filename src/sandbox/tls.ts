/**
 * A throwaway CA and a serving certificate for 127.0.0.1/localhost, generated at every start
 * (EC P-256: tens of milliseconds). Nothing is written to disk but the CA certificate inside
 * the kubeconfig.
 */
import selfsigned from 'selfsigned';

export interface SandboxTls {
  caCert: string;
  cert: string;
  key: string;
}

export async function generateTls(now: Date): Promise<SandboxTls> {
  const notBeforeDate = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfterDate = new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'iddio-sandbox-ca' }], {
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
  const serving = await selfsigned.generate([{ name: 'commonName', value: 'iddio-sandbox' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { caCert: ca.cert, cert: serving.cert, key: serving.private };
}
