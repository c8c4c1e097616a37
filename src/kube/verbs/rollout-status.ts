/**
 * kubectl's rollout status viewers (deployment, daemon set, stateful set): the message to
 * print for an object's current status and whether its rollout is done. Pure.
 */
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError } from '../errors.js';
import type { Visited } from './objects.js';

type Num = number | undefined;

/** kubectl's status viewers: the message and whether the rollout is done. */
export function rolloutStatus(visited: Visited): { message: string; done: boolean } {
  const o = visited.object as {
    metadata?: { name?: string; generation?: number };
    spec?: {
      replicas?: number;
      updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
    };
    status?: Record<string, Num | string | Array<{ type?: string; reason?: string }>>;
  };
  const name = o.metadata?.name ?? visited.name;
  const generation = o.metadata?.generation ?? 0;
  const status = o.status ?? {};
  const n = (key: string): number =>
    typeof status[key] === 'number' ? (status[key] as number) : 0;
  const observed = n('observedGeneration');
  switch (`${visited.resource.group}/${visited.resource.name}`) {
    case 'apps/deployments': {
      if (generation > observed)
        return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
      const conditions = Array.isArray(status.conditions) ? status.conditions : [];
      if (
        conditions.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')
      ) {
        throw new KubeError(
          `error: deployment "${stripControlLine(name)}" exceeded its progress deadline`,
          { code: 'api-status' },
        );
      }
      const replicas = o.spec?.replicas;
      if (replicas !== undefined && n('updatedReplicas') < replicas) {
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${n('updatedReplicas')} out of ${replicas} new replicas have been updated...\n`,
          done: false,
        };
      }
      if (n('replicas') > n('updatedReplicas')) {
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${n('replicas') - n('updatedReplicas')} old replicas are pending termination...\n`,
          done: false,
        };
      }
      if (n('availableReplicas') < n('updatedReplicas')) {
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${n('availableReplicas')} of ${n('updatedReplicas')} updated replicas are available...\n`,
          done: false,
        };
      }
      return { message: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    case 'apps/daemonsets': {
      if ((o.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
        throw new KubeError(
          'error: rollout status is only available for RollingUpdate strategy type',
          { code: 'usage' },
        );
      }
      if (generation > observed)
        return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
      if (n('updatedNumberScheduled') < n('desiredNumberScheduled')) {
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${n('updatedNumberScheduled')} out of ${n('desiredNumberScheduled')} new pods have been updated...\n`,
          done: false,
        };
      }
      if (n('numberAvailable') < n('desiredNumberScheduled')) {
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${n('numberAvailable')} of ${n('desiredNumberScheduled')} updated pods are available...\n`,
          done: false,
        };
      }
      return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    case 'apps/statefulsets': {
      const strategy = o.spec?.updateStrategy;
      if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
        throw new KubeError(
          'error: rollout status is only available for RollingUpdate strategy type',
          { code: 'usage' },
        );
      }
      if (observed === 0 || generation > observed)
        return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
      const replicas = o.spec?.replicas;
      if (replicas !== undefined && n('readyReplicas') < replicas) {
        return {
          message: `Waiting for ${replicas - n('readyReplicas')} pods to be ready...\n`,
          done: false,
        };
      }
      const partition = strategy?.rollingUpdate?.partition;
      if (strategy?.rollingUpdate) {
        if (
          replicas !== undefined &&
          partition !== undefined &&
          n('updatedReplicas') < replicas - partition
        ) {
          return {
            message: `Waiting for partitioned roll out to finish: ${n('updatedReplicas')} out of ${replicas - partition} new pods have been updated...\n`,
            done: false,
          };
        }
        return {
          message: `partitioned roll out complete: ${n('updatedReplicas')} new pods have been updated...\n`,
          done: true,
        };
      }
      if (status.updateRevision !== status.currentRevision) {
        return {
          message: `waiting for statefulset rolling update to complete ${n('updatedReplicas')} pods at revision ${String(status.updateRevision ?? '')}...\n`,
          done: false,
        };
      }
      return {
        message: `statefulset rolling update complete ${n('currentReplicas')} pods at revision ${String(status.currentRevision ?? '')}...\n`,
        done: true,
      };
    }
    default:
      throw new KubeError(
        `error: no status viewer has been implemented for ${visited.resource.kind}${visited.resource.group ? `.${visited.resource.group}` : ''}`,
        { code: 'usage' },
      );
  }
}
