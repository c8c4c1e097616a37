/**
 * One object → kubectl's describe text. Picks the describer kubectl picks for the kind, makes
 * the extra reads that describer makes (events, the deployment's replica sets, a service's
 * endpoint slices, …) and renders. Kinds kubectl has a dedicated describer for that iddio
 * does not reproduce yet are refused (undefined), never printed by the generic fallback.
 *
 *   describeObject(client, resource, object, { showEvents, now }) → Promise<string | undefined>
 */
import type { KubeClient } from '../client.js';
import type { ApiResource } from '../discovery.js';
import { describeDaemonSet, describeStatefulSet } from './apps.js';
import { describeJob } from './batch.js';
import { describeGeneric } from './generic.js';
import { refOf, searchEvents } from './events.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describeEndpoints, describeService } from './service.js';
import {
  describeConfigMap,
  describeNamespace,
  describeSecret,
  describeServiceAccount,
} from './simple.js';
import { describeDeployment, describeReplicaSet } from './workloads.js';
import { asList, asObj, formatLabelSelector, str, type Obj } from './writer.js';

export interface DescribeOptions {
  showEvents: boolean;
  now: number;
}

/** Group/Kind pairs with a dedicated describer in kubectl 1.32 that iddio does not render. */
const DEDICATED = new Set([
  '/ReplicationController',
  '/LimitRange',
  '/ResourceQuota',
  '/PersistentVolume',
  '/PersistentVolumeClaim',
  'batch/CronJob',
  'networking.k8s.io/Ingress',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/NetworkPolicy',
  'networking.k8s.io/ServiceCIDR',
  'networking.k8s.io/IPAddress',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'certificates.k8s.io/CertificateSigningRequest',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSINode',
  'scheduling.k8s.io/PriorityClass',
  'discovery.k8s.io/EndpointSlice',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
]);

/** Whether iddio can describe this kind exactly (checked before anything is fetched). */
export function canDescribe(resource: ApiResource): boolean {
  return !DEDICATED.has(`${resource.group}/${resource.kind}`);
}

async function list(
  client: KubeClient,
  path: string,
  query: Record<string, string>,
): Promise<Obj[]> {
  return asList((await client.json<Obj>({ path, query: { ...query, limit: '500' } })).items);
}

export async function describeObject(
  client: KubeClient,
  resource: ApiResource,
  object: Obj,
  options: DescribeOptions,
): Promise<string | undefined> {
  const { now } = options;
  const metadata = asObj(object.metadata);
  const ns = str(metadata.namespace);
  const name = str(metadata.name);
  const base = ns === '' ? '/api/v1' : `/api/v1/namespaces/${ns}`;
  // kubectl ignores a failed event search and prints the rest.
  const events = async (kind: string, refOverride?: Partial<ReturnType<typeof refOf>>) =>
    options.showEvents
      ? searchEvents(client, { ...refOf(object, kind), ...refOverride }).catch(() => [])
      : undefined;
  const key = `${resource.group}/${resource.kind}`;
  switch (key) {
    case '/Pod':
      return describePod(object, await events('Pod'), now);
    case 'apps/Deployment': {
      const selector = formatLabelSelector(asObj(object.spec).selector);
      const rs = await list(client, `/apis/apps/v1/namespaces/${ns}/replicasets`, {
        labelSelector: selector === '<none>' ? '' : selector,
      });
      return describeDeployment(object, rs, await events('Deployment'), now);
    }
    case 'apps/ReplicaSet': {
      const selector = formatLabelSelector(asObj(object.spec).selector);
      const pods = await list(client, `${base}/pods`, {
        labelSelector: selector === '<none>' ? '' : selector,
      });
      return describeReplicaSet(object, pods, await events('ReplicaSet'), now);
    }
    case 'apps/StatefulSet':
    case 'apps/DaemonSet': {
      const selector = formatLabelSelector(asObj(object.spec).selector);
      const pods = await list(client, `${base}/pods`, {
        labelSelector: selector === '<none>' ? '' : selector,
      });
      return resource.kind === 'StatefulSet'
        ? describeStatefulSet(object, pods, await events('StatefulSet'), now)
        : describeDaemonSet(object, pods, await events('DaemonSet'), now);
    }
    case '/Service': {
      const slices = await list(
        client,
        `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
        {
          labelSelector: `kubernetes.io/service-name=${name}`,
        },
      );
      return describeService(object, slices, await events('Service'), now);
    }
    case '/Endpoints':
      return describeEndpoints(object, await events('Endpoints'), now);
    case '/Namespace': {
      const path = `/api/v1/namespaces/${name}`;
      const quotas = await list(client, `${path}/resourcequotas`, {});
      const limits = await list(client, `${path}/limitranges`, {});
      return describeNamespace(object, quotas, limits);
    }
    case 'batch/Job':
      return describeJob(object, await events('Job'), now);
    case '/ConfigMap':
      return describeConfigMap(object, await events('ConfigMap'), now);
    case '/Secret':
      return describeSecret(object);
    case '/ServiceAccount': {
      // kubectl tolerates a failed secrets list here (a viewer may not read secrets).
      const secrets = await list(client, `${base}/secrets`, {}).catch(() => undefined);
      return describeServiceAccount(object, secrets, await events('ServiceAccount'), now);
    }
    case '/Node':
      return describeNode(client, object, options, await events('Node', { uid: name }));
    default:
      if (!canDescribe(resource)) return undefined;
      return describeGeneric(object, await events(str(object.kind) || resource.kind), now);
  }
}
