/**
 * The resource table: every resource the sandbox serves, as discovery describes it. Routing,
 * discovery, the OpenAPI stubs and the RBAC table all read it, so adding a resource is one row.
 */

export interface SubresourceDef {
  name: string;
  kind: string;
  verbs: string[];
  /** The subresource's own group/version when it differs from its parent's (deployments/scale). */
  group?: string;
  version?: string;
}

export interface ResourceDef {
  group: string;
  version: string;
  /** Plural, lower case: the URL segment. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources: SubresourceDef[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];
const STATUS_VERBS = ['get', 'patch', 'update'];

function row(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<Omit<ResourceDef, 'group' | 'version' | 'resource' | 'kind' | 'namespaced'>> = {},
): ResourceDef {
  return {
    group,
    version,
    resource,
    kind,
    namespaced,
    singular: extra.singular ?? kind.toLowerCase(),
    verbs: extra.verbs ?? CRUD,
    shortNames: extra.shortNames,
    categories: extra.categories,
    subresources: extra.subresources ?? [],
  };
}

function status(kind: string): SubresourceDef {
  return { name: 'status', kind, verbs: STATUS_VERBS };
}

function scale(): SubresourceDef {
  return { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS };
}

const ALL = ['all'];

export const RESOURCES: readonly ResourceDef[] = [
  // core/v1
  row('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  row('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  row('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  row('', 'v1', 'namespaces', 'Namespace', false, {
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [status('Namespace'), { name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  }),
  row('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'], subresources: [status('Node')] }),
  row('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, {
    shortNames: ['pvc'],
    subresources: [status('PersistentVolumeClaim')],
  }),
  row('', 'v1', 'persistentvolumes', 'PersistentVolume', false, {
    shortNames: ['pv'],
    subresources: [status('PersistentVolume')],
  }),
  row('', 'v1', 'pods', 'Pod', true, {
    shortNames: ['po'],
    categories: ALL,
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      status('Pod'),
    ],
  }),
  row('', 'v1', 'limitranges', 'LimitRange', true, { shortNames: ['limits'] }),
  row('', 'v1', 'resourcequotas', 'ResourceQuota', true, {
    shortNames: ['quota'],
    subresources: [status('ResourceQuota')],
  }),
  row('', 'v1', 'secrets', 'Secret', true),
  row('', 'v1', 'serviceaccounts', 'ServiceAccount', true, {
    shortNames: ['sa'],
    subresources: [
      {
        name: 'token',
        kind: 'TokenRequest',
        group: 'authentication.k8s.io',
        version: 'v1',
        verbs: ['create'],
      },
    ],
  }),
  row('', 'v1', 'services', 'Service', true, {
    shortNames: ['svc'],
    categories: ALL,
    subresources: [status('Service')],
  }),
  // admissionregistration.k8s.io/v1 (stored only: the sandbox calls no webhooks)
  row(
    'admissionregistration.k8s.io',
    'v1',
    'mutatingwebhookconfigurations',
    'MutatingWebhookConfiguration',
    false,
    {
      categories: ['api-extensions'],
    },
  ),
  row(
    'admissionregistration.k8s.io',
    'v1',
    'validatingwebhookconfigurations',
    'ValidatingWebhookConfiguration',
    false,
    {
      categories: ['api-extensions'],
    },
  ),
  // apps/v1
  row('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  row('apps', 'v1', 'daemonsets', 'DaemonSet', true, {
    shortNames: ['ds'],
    categories: ALL,
    subresources: [status('DaemonSet')],
  }),
  row('apps', 'v1', 'deployments', 'Deployment', true, {
    shortNames: ['deploy'],
    categories: ALL,
    subresources: [scale(), status('Deployment')],
  }),
  row('apps', 'v1', 'replicasets', 'ReplicaSet', true, {
    shortNames: ['rs'],
    categories: ALL,
    subresources: [scale(), status('ReplicaSet')],
  }),
  row('apps', 'v1', 'statefulsets', 'StatefulSet', true, {
    shortNames: ['sts'],
    categories: ALL,
    subresources: [scale(), status('StatefulSet')],
  }),
  // autoscaling
  row('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, {
    shortNames: ['hpa'],
    categories: ALL,
    subresources: [status('HorizontalPodAutoscaler')],
  }),
  // batch/v1
  row('batch', 'v1', 'cronjobs', 'CronJob', true, {
    shortNames: ['cj'],
    categories: ALL,
    subresources: [status('CronJob')],
  }),
  row('batch', 'v1', 'jobs', 'Job', true, { categories: ALL, subresources: [status('Job')] }),
  // certificates.k8s.io/v1 (stored only: nothing signs)
  row(
    'certificates.k8s.io',
    'v1',
    'certificatesigningrequests',
    'CertificateSigningRequest',
    false,
    {
      shortNames: ['csr'],
      subresources: [
        { name: 'approval', kind: 'CertificateSigningRequest', verbs: ['get', 'patch', 'update'] },
        status('CertificateSigningRequest'),
      ],
    },
  ),
  // coordination.k8s.io/v1
  row('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  // discovery.k8s.io/v1
  row('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  // policy/v1
  row('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, {
    shortNames: ['pdb'],
    subresources: [status('PodDisruptionBudget')],
  }),
  // rbac.authorization.k8s.io/v1
  row('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  row('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  row('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  row('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  // metrics.k8s.io/v1beta1: computed on read (handlers/metrics.ts), never stored
  row('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false, { verbs: ['get', 'list'] }),
  row('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true, { verbs: ['get', 'list'] }),
  // networking.k8s.io/v1
  row('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  row('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, {
    shortNames: ['ing'],
    subresources: [status('Ingress')],
  }),
  row('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, {
    shortNames: ['netpol'],
  }),
  // apiextensions.k8s.io/v1
  row(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
    {
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      subresources: [status('CustomResourceDefinition')],
    },
  ),
  // scheduling.k8s.io/v1 and storage.k8s.io/v1 (stored only)
  row('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, { shortNames: ['pc'] }),
  row('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, { shortNames: ['sc'] }),
  // authorization.k8s.io/v1 and authentication.k8s.io/v1: create-only reviews
  row('authorization.k8s.io', 'v1', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true, {
    verbs: CREATE_ONLY,
  }),
  row('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, {
    verbs: CREATE_ONLY,
  }),
  row('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, {
    verbs: CREATE_ONLY,
  }),
  row('authorization.k8s.io', 'v1', 'subjectaccessreviews', 'SubjectAccessReview', false, {
    verbs: CREATE_ONLY,
  }),
  row('authentication.k8s.io', 'v1', 'selfsubjectreviews', 'SelfSubjectReview', false, {
    verbs: CREATE_ONLY,
  }),
  row('authentication.k8s.io', 'v1', 'tokenreviews', 'TokenReview', false, { verbs: CREATE_ONLY }),
];

/** group/version strings in the order discovery lists them (core first, as a real server does). */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES)
    seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}

export function apiVersionOf(def: { group: string; version: string }): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

/** `resource.group` as error messages and audit events name it ("pods", "deployments.apps"). */
export function qualifiedName(def: ResourceDef): string {
  return def.group === '' ? def.resource : `${def.resource}.${def.group}`;
}

export function findResource(
  group: string,
  version: string,
  resource: string,
): ResourceDef | undefined {
  return RESOURCES.find(
    (r) => r.group === group && r.version === version && r.resource === resource,
  );
}

export function findByKind(apiVersion: string, kind: string): ResourceDef | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** Review kinds are never stored: a create is answered and forgotten. */
export function isReview(def: ResourceDef): boolean {
  return def.verbs.length === 1 && def.verbs[0] === 'create';
}
