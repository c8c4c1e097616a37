/**
 * `iddio agent kubeconfig NAME`: the one file an agent's environment needs to reach the
 * gateway — its URL, the CA that signed it, and a bearer token of that agent. A new token is
 * issued each time (the agent's other tokens keep working until it is revoked), recorded as an
 * admin event, and shown nowhere but in the file (0600) or on stdout.
 */
import { stringify } from 'yaml';
import { writeFileAtomic } from '../../../common/atomic-write.js';
import { issueToken } from '../../../identity/admin.js';
import { GATEWAY_EXTENSION } from '../../../pipeline/through-gateway.js';
import { iddioPaths } from '../../env.js';
import { adminAudit } from './admin-audit.js';

export function agentKubeconfig(options: {
  name: string;
  server: string;
  token: string;
  caCert?: string;
  namespace?: string;
}): string {
  const cluster: Record<string, unknown> = { server: options.server };
  if (options.caCert !== undefined) {
    cluster['certificate-authority-data'] = Buffer.from(options.caCert).toString('base64');
  }
  cluster.extensions = [{ name: GATEWAY_EXTENSION, extension: { agent: options.name } }];
  const context: Record<string, string> = { cluster: 'iddio-gateway', user: options.name };
  if (options.namespace !== undefined) context.namespace = options.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'iddio-gateway', cluster }],
    users: [{ name: options.name, user: { token: options.token } }],
    contexts: [{ name: `iddio-${options.name}`, context }],
    'current-context': `iddio-${options.name}`,
  });
}

export async function runAgentKubeconfig(
  name: string,
  options: { server?: string; out?: string; namespace?: string },
): Promise<void> {
  const paths = iddioPaths();
  const { readGatewayCa } = await import('../../../gateway/tls.js');
  const issued = await issueToken({
    registryPath: paths.agents,
    name,
    now: new Date(),
    audit: adminAudit(paths, process.env),
  });
  const caCert = readGatewayCa(paths.home);
  const text = agentKubeconfig({
    name,
    server: options.server ?? 'https://127.0.0.1:7443',
    token: issued.token,
    ...(caCert !== undefined ? { caCert } : {}),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  });
  if (options.out !== undefined) {
    writeFileAtomic(options.out, text, 0o600);
    process.stderr.write(
      `${issued.added ? 'agent added; ' : ''}kubeconfig for agent ${name} written to ${options.out} (0600)\n`,
    );
  } else {
    process.stdout.write(text);
  }
  if (caCert === undefined) {
    process.stderr.write(
      'note: no gateway CA in this home yet (start `iddio serve` once with this home, or bring --tls-cert); ' +
        'the kubeconfig trusts the system CAs only\n',
    );
  }
}
