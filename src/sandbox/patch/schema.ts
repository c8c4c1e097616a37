/**
 * The patch metadata of the built-in types (the `patchStrategy`/`patchMergeKey` struct tags of
 * k8s.io/api): which lists merge by a key instead of being replaced. Strategic merge patch and
 * server-side apply both read it. Kinds not listed here (ConfigMap, Secret, custom kinds)
 * have no keyed lists: their lists are replaced whole.
 */

export interface FieldSchema {
  /** A list that merges: by `key` for lists of objects, as a set for lists of scalars. */
  list?: { key?: string };
  /** Owned as one value by server-side apply (`x-kubernetes-map-type: atomic`). */
  atomic?: boolean;
  /** The schema of the value (for a list: of each element). */
  schema?: TypeSchema;
}

export interface TypeSchema {
  fields: Record<string, FieldSchema>;
}

const keyed = (key: string, schema?: TypeSchema): FieldSchema => ({ list: { key }, schema });
const obj = (fields: Record<string, FieldSchema>): FieldSchema => ({ schema: { fields } });

const OBJECT_META: TypeSchema = {
  fields: {
    finalizers: { list: {} },
    ownerReferences: keyed('uid'),
  },
};

const CONTAINER: TypeSchema = {
  fields: {
    ports: keyed('containerPort'),
    env: keyed('name'),
    volumeMounts: keyed('mountPath'),
    volumeDevices: keyed('devicePath'),
  },
};

const POD_SPEC: TypeSchema = {
  fields: {
    volumes: keyed('name'),
    initContainers: keyed('name', CONTAINER),
    containers: keyed('name', CONTAINER),
    ephemeralContainers: keyed('name', CONTAINER),
    imagePullSecrets: keyed('name'),
    hostAliases: keyed('ip'),
    topologySpreadConstraints: keyed('topologyKey'),
    resourceClaims: keyed('name'),
    schedulingGates: keyed('name'),
  },
};

const POD_TEMPLATE: TypeSchema = {
  fields: { metadata: { schema: OBJECT_META }, spec: { schema: POD_SPEC } },
};

const CONDITIONS_STATUS: FieldSchema = obj({ conditions: keyed('type') });

function kind(fields: Record<string, FieldSchema>): TypeSchema {
  return { fields: { metadata: { schema: OBJECT_META }, ...fields } };
}

// Label selectors are atomic structs: apply owns `f:selector` as a whole.
const SELECTOR: FieldSchema = { atomic: true };

const WORKLOAD = kind({
  spec: obj({ selector: SELECTOR, template: { schema: POD_TEMPLATE } }),
  status: CONDITIONS_STATUS,
});

const BY_KIND: Record<string, TypeSchema> = {
  Pod: kind({
    spec: { schema: POD_SPEC },
    status: obj({
      conditions: keyed('type'),
      podIPs: keyed('ip'),
      hostIPs: keyed('ip'),
    }),
  }),
  PodTemplate: kind({ template: { schema: POD_TEMPLATE } }),
  Deployment: WORKLOAD,
  ReplicaSet: WORKLOAD,
  StatefulSet: WORKLOAD,
  DaemonSet: WORKLOAD,
  // Its selector is a plain label map, owned label by label.
  ReplicationController: kind({
    spec: obj({ template: { schema: POD_TEMPLATE } }),
    status: CONDITIONS_STATUS,
  }),
  Job: WORKLOAD,
  CronJob: kind({
    spec: obj({ jobTemplate: obj({ spec: obj({ template: { schema: POD_TEMPLATE } }) }) }),
  }),
  Service: kind({ spec: obj({ ports: keyed('port') }), status: CONDITIONS_STATUS }),
  Node: kind({
    spec: obj({ podCIDRs: { list: {} } }),
    status: obj({ conditions: keyed('type'), addresses: keyed('type') }),
  }),
  Namespace: kind({ status: CONDITIONS_STATUS }),
};

const GENERIC = kind({});

/** The patch schema of a kind (`Pod`, `Deployment`, ...); unknown kinds get metadata only. */
export function schemaFor(kindName: string): TypeSchema {
  return BY_KIND[kindName] ?? GENERIC;
}
