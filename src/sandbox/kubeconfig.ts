/** Writes the kubeconfig kubectl uses to reach the sandbox: context `iddio-sandbox` (admin). */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Credential } from './auth.js';

export const CONTEXT = 'iddio-sandbox';
export const VIEWER_CONTEXT = 'iddio-sandbox-viewer';

export function kubeconfigYaml(
  server: string,
  caCert: string,
  admin: Credential,
  viewer: Credential,
): string {
  const cluster = 'iddio-sandbox';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: cluster,
        cluster: {
          server,
          'certificate-authority-data': Buffer.from(caCert).toString('base64'),
        },
      },
    ],
    users: [
      { name: admin.user.username, user: { token: admin.token } },
      { name: viewer.user.username, user: { token: viewer.token } },
    ],
    contexts: [
      { name: CONTEXT, context: { cluster, user: admin.user.username, namespace: 'default' } },
      {
        name: VIEWER_CONTEXT,
        context: { cluster, user: viewer.user.username, namespace: 'default' },
      },
    ],
    'current-context': CONTEXT,
  });
}

export function writeKubeconfig(path: string, yaml: string): void {
  // The file holds bearer tokens: owner-only, like ~/.kube/config should be.
  writeFileSync(path, yaml, { mode: 0o600 });
}
