/**
 * Which cluster, context and namespace a command will act on, read from the kubeconfig
 * before anything runs: the policy needs the namespace, and the audit event names the
 * context. A kubeconfig that cannot be read leaves these unknown; the executor then
 * reports the kubeconfig error exactly as kubectl does, and nothing reaches a cluster.
 */
import { KubeError } from '../kube/errors.js';
import { loadSelectedConfig } from '../kube/kubeconfig.js';
import type { Invocation } from '../kubectl/invocation.js';

export interface KubeTarget {
  context?: string;
  cluster?: string;
  server?: string;
  namespace?: string;
}

export function kubeTarget(
  invocation: Invocation,
  env: Record<string, string | undefined>,
): KubeTarget {
  try {
    const selected = loadSelectedConfig(invocation, env);
    return {
      context: selected.contextName || undefined,
      cluster: selected.clusterName || undefined,
      server: selected.server || undefined,
      namespace: selected.namespace,
    };
  } catch (error) {
    if (error instanceof KubeError) return { namespace: invocation.namespace };
    throw error;
  }
}
