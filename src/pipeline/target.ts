/**
 * Which cluster, context, user and namespace a command acts on. The kubeconfig is read
 * exactly once, here, before classifying: the classifier and the policy see the namespace,
 * the audit event names the context, and the executor is handed this same selection, so a
 * kubeconfig that changes between reads (a rewritten file, a FIFO) cannot make the command
 * act anywhere other than where it was decided. A kubeconfig that cannot be read is a
 * refusal, never a decision made without a namespace — except for `config` commands, which
 * act on kubeconfig files rather than a cluster, and exist for the kubeconfig with no context
 * selected yet: they read the files themselves and report their own errors as kubectl does.
 */
import { KubeError } from '../kube/errors.js';
import { loadSelectedConfig, type SelectedConfig } from '../kube/kubeconfig.js';
import type { Invocation } from '../kubectl/invocation.js';

export interface KubeTarget {
  /** Undefined only for a `config` command whose kubeconfig selects no cluster. */
  config?: SelectedConfig;
  context?: string;
  cluster?: string;
  server?: string;
  namespace: string;
}

/** Throws the kubeconfig's KubeError (kubectl's wording) when it cannot be read. */
export function kubeTarget(
  invocation: Invocation,
  env: Record<string, string | undefined>,
): KubeTarget {
  let config: SelectedConfig;
  try {
    config = loadSelectedConfig(invocation, env);
  } catch (error) {
    if (invocation.verb === 'config' && error instanceof KubeError) {
      return { namespace: invocation.namespace ?? 'default' };
    }
    throw error;
  }
  return {
    config,
    context: config.contextName || undefined,
    cluster: config.clusterName || undefined,
    server: config.server || undefined,
    namespace: config.namespace,
  };
}
