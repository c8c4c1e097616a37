/**
 * Builds the command's KubeClient: credentials (bearer tokens, client certificates, exec plugins,
 * auth providers) become request options only through client-node's KubeConfig.
 */
import type https from 'node:https';
import { stripControlLine } from '../common/sanitize.js';
import { KubeClient, type Identity } from './client.js';
import { KubeError } from './errors.js';
import type { SelectedConfig } from './kubeconfig.js';

/**
 * The KubeConfig module, imported once, lazily and from its own module (preloadClient() starts
 * it early): the package root re-exports the whole generated API (a 14.5 MB bundle chunk,
 * ~200 ms to load); dist/config.js is the KubeConfig class with its authenticators (1.5 MB).
 */
let kubeConfigModule: Promise<typeof import('@kubernetes/client-node/dist/config.js')> | undefined;

/**
 * Starts importing client-node's KubeConfig (~60 ms from a bundle) without waiting for it,
 * so a caller can overlap it with other work — e.g. while a human is asked to approve.
 */
export function preloadClient(): Promise<unknown> {
  kubeConfigModule ??= import('@kubernetes/client-node/dist/config.js');
  return kubeConfigModule;
}

/** Credentials for one selected kubeconfig entry, applied fresh to each request's TLS options. */
export interface KubeCredentials {
  server: string;
  /** Client certificates, the cluster CA, and a bearer token (exec plugins refreshed as they expire). */
  apply(): Promise<https.RequestOptions>;
}

/** Everything about credentials goes through client-node's KubeConfig, never our own copy. */
export async function loadCredentials(selected: SelectedConfig): Promise<KubeCredentials> {
  await preloadClient();
  const { KubeConfig } = await (kubeConfigModule as NonNullable<typeof kubeConfigModule>);
  const kc = new KubeConfig();
  const apply = async (): Promise<https.RequestOptions> => {
    const tls: https.RequestOptions = {};
    try {
      await kc.applyToHTTPSOptions(tls);
    } catch (error) {
      throw credentialError(error);
    }
    return tls;
  };
  try {
    kc.loadFromString(JSON.stringify(selected.doc));
    if (selected.server.startsWith('http:')) {
      // client-node refuses plain-HTTP clusters unless marked insecure; TLS options do not apply to them anyway.
      const cluster = kc.getCurrentCluster();
      if (cluster) Object.assign(cluster, { skipTLSVerify: true });
    }
  } catch (error) {
    throw credentialError(error);
  }
  return { server: selected.server, apply };
}

function credentialError(error: unknown): KubeError {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return new KubeError(`error: ${stripControlLine(message)}`, { code: 'kubeconfig', cause: error });
}

export async function createClient(
  selected: SelectedConfig,
  identity: Identity,
): Promise<KubeClient> {
  const credentials = await loadCredentials(selected);
  return new KubeClient(selected.server, await credentials.apply(), identity);
}
