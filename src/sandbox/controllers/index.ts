/**
 * Runs every controller until nothing changes (bounded), synchronously after each write, so
 * a response is followed by a converged cluster and tests never wait on timers.
 */
import type { SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';
import { timestamp } from '../state.js';
import { DeploymentController } from './deployment.js';
import { EndpointsController } from './endpoints.js';
import { startEphemeralContainers } from './ephemeral.js';
import { JobController } from './job.js';
import { runPods } from './pods.js';
import { ReplicaSetController } from './replicaset.js';
import { WorkloadController } from './workloads.js';

const NAMESPACES = resourceKey('', 'namespaces');
const SERVICE_ACCOUNTS = resourceKey('', 'serviceaccounts');
const MAX_ROUNDS = 10;

/** Every namespace gets a `default` service account, as the service-account controller does. */
function ensureServiceAccounts(state: SandboxState): boolean {
  let changed = false;
  for (const ns of state.store.list(NAMESPACES)) {
    const name = ns.metadata.name ?? '';
    if (ns.metadata.deletionTimestamp || state.store.get(SERVICE_ACCOUNTS, name, 'default'))
      continue;
    state.store.create(SERVICE_ACCOUNTS, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'default',
        namespace: name,
        uid: state.newUid(`serviceaccount/${name}/default`),
        creationTimestamp: timestamp(state.now()),
      },
    });
    changed = true;
  }
  return changed;
}

export function makeSettle(state: SandboxState): () => void {
  const deployments = new DeploymentController(state);
  const replicaSets = new ReplicaSetController(state);
  const jobs = new JobController(state);
  const workloads = new WorkloadController(state);
  const endpoints = new EndpointsController(state);
  let running = false;
  return () => {
    if (running) return; // a controller's own writes do not re-enter
    running = true;
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        let changed = ensureServiceAccounts(state);
        changed = deployments.run() || changed;
        changed = replicaSets.run() || changed;
        changed = jobs.run() || changed;
        changed = workloads.run() || changed;
        changed = runPods(state) || changed;
        changed = startEphemeralContainers(state) || changed;
        changed = endpoints.run() || changed;
        if (!changed) break;
      }
    } finally {
      running = false;
    }
  };
}
