/**
 * Field numbers of the Kubernetes protobuf messages the sandbox can read (from
 * k8s.io/api and k8s.io/apimachinery generated.proto), for the objects kubectl's typed
 * clients send as protobuf: `kubectl create namespace|configmap|secret|serviceaccount|
 * deployment|service|job|cronjob|role|clusterrole|rolebinding|clusterrolebinding` and the
 * review kinds of `kubectl auth`. Only fields those commands set are listed; protobuf.ts
 * refuses any other field that carries a value.
 */

/** s string, i integer, b bool, y bytes (base64 in JSON), m message, t Time, q Quantity, io IntOrString. */
export type FieldKind =
  's' | 'i' | 'b' | 'y' | 'm' | 't' | 'q' | 'io' | 'map-s' | 'map-y' | 'map-q' | 'skip';

export interface FieldDef {
  name: string;
  kind: FieldKind;
  repeated?: boolean;
  /** A pointer field in Go: zero values are meaningful and kept (replicas: 0). */
  keepZero?: boolean;
  schema?: () => MessageSchema;
}

export type MessageSchema = Record<number, FieldDef>;

const f = (
  name: string,
  kind: FieldKind,
  extra: Omit<FieldDef, 'name' | 'kind'> = {},
): FieldDef => ({ name, kind, ...extra });
const msg = (name: string, schema: () => MessageSchema, repeated = false): FieldDef => ({
  name,
  kind: 'm',
  schema,
  repeated,
});

export const OBJECT_META: MessageSchema = {
  1: f('name', 's'),
  2: f('generateName', 's'),
  3: f('namespace', 's'),
  6: f('resourceVersion', 's'),
  8: f('creationTimestamp', 't'),
  11: f('labels', 'map-s'),
  12: f('annotations', 'map-s'),
  14: f('finalizers', 's', { repeated: true }),
};

const LABEL_SELECTOR: MessageSchema = {
  1: f('matchLabels', 'map-s'),
  2: msg(
    'matchExpressions',
    () => ({ 1: f('key', 's'), 2: f('operator', 's'), 3: f('values', 's', { repeated: true }) }),
    true,
  ),
};

const CONTAINER: MessageSchema = {
  1: f('name', 's'),
  2: f('image', 's'),
  3: f('command', 's', { repeated: true }),
  4: f('args', 's', { repeated: true }),
  5: f('workingDir', 's'),
  6: msg(
    'ports',
    () => ({
      1: f('name', 's'),
      2: f('hostPort', 'i'),
      3: f('containerPort', 'i'),
      4: f('protocol', 's'),
      5: f('hostIP', 's'),
    }),
    true,
  ),
  7: msg('env', () => ({ 1: f('name', 's'), 2: f('value', 's') }), true),
  8: msg('resources', () => ({ 1: f('limits', 'map-q'), 2: f('requests', 'map-q') })),
  13: f('terminationMessagePath', 's'),
  14: f('imagePullPolicy', 's'),
  16: f('stdin', 'b'),
  17: f('stdinOnce', 'b'),
  18: f('tty', 'b'),
  20: f('terminationMessagePolicy', 's'),
};

const POD_SPEC: MessageSchema = {
  2: msg('containers', () => CONTAINER, true),
  3: f('restartPolicy', 's'),
  4: f('terminationGracePeriodSeconds', 'i', { keepZero: true }),
  6: f('dnsPolicy', 's'),
  7: f('nodeSelector', 'map-s'),
  8: f('serviceAccountName', 's'),
  9: f('serviceAccount', 's'),
  10: f('nodeName', 's'),
  11: f('hostNetwork', 'b'),
  12: f('hostPID', 'b'),
  13: f('hostIPC', 'b'),
  16: f('hostname', 's'),
  17: f('subdomain', 's'),
  19: f('schedulerName', 's'),
  20: msg('initContainers', () => CONTAINER, true),
  24: f('priorityClassName', 's'),
};

const POD_TEMPLATE: MessageSchema = {
  1: msg('metadata', () => OBJECT_META),
  2: msg('spec', () => POD_SPEC),
};

const JOB_SPEC: MessageSchema = {
  1: f('parallelism', 'i', { keepZero: true }),
  2: f('completions', 'i', { keepZero: true }),
  3: f('activeDeadlineSeconds', 'i', { keepZero: true }),
  4: msg('selector', () => LABEL_SELECTOR),
  6: msg('template', () => POD_TEMPLATE),
  7: f('backoffLimit', 'i', { keepZero: true }),
  8: f('ttlSecondsAfterFinished', 'i', { keepZero: true }),
  10: f('suspend', 'b', { keepZero: true }),
};

const SERVICE_SPEC: MessageSchema = {
  1: msg(
    'ports',
    () => ({
      1: f('name', 's'),
      2: f('protocol', 's'),
      3: f('port', 'i'),
      4: f('targetPort', 'io'),
      5: f('nodePort', 'i'),
    }),
    true,
  ),
  2: f('selector', 'map-s'),
  3: f('clusterIP', 's'),
  4: f('type', 's'),
  5: f('externalIPs', 's', { repeated: true }),
  7: f('sessionAffinity', 's'),
  8: f('loadBalancerIP', 's'),
  10: f('externalName', 's'),
  11: f('externalTrafficPolicy', 's'),
  13: f('publishNotReadyAddresses', 'b'),
};

const POLICY_RULES = msg(
  'rules',
  () => ({
    1: f('verbs', 's', { repeated: true }),
    2: f('apiGroups', 's', { repeated: true }),
    3: f('resources', 's', { repeated: true }),
    4: f('resourceNames', 's', { repeated: true }),
    5: f('nonResourceURLs', 's', { repeated: true }),
  }),
  true,
);

const BINDING: () => MessageSchema = () => ({
  1: msg('metadata', () => OBJECT_META),
  2: msg(
    'subjects',
    () => ({ 1: f('kind', 's'), 2: f('apiGroup', 's'), 3: f('name', 's'), 4: f('namespace', 's') }),
    true,
  ),
  3: msg('roleRef', () => ({ 1: f('apiGroup', 's'), 2: f('kind', 's'), 3: f('name', 's') })),
});

const meta = msg('metadata', () => OBJECT_META);

const SCALE_TARGET = msg('scaleTargetRef', () => ({
  1: f('kind', 's'),
  2: f('name', 's'),
  3: f('apiVersion', 's'),
}));
const status = f('status', 'skip');

const RESOURCE_ATTRIBUTES: MessageSchema = {
  1: f('namespace', 's'),
  2: f('verb', 's'),
  3: f('group', 's'),
  4: f('version', 's'),
  5: f('resource', 's'),
  6: f('subresource', 's'),
  7: f('name', 's'),
};

/** Top-level schemas by kind (or by `apiVersion kind` where versions differ). Status is ignored. */
export const KIND_SCHEMAS: Record<string, MessageSchema> = {
  SelfSubjectAccessReview: {
    1: meta,
    2: msg('spec', () => ({
      1: msg('resourceAttributes', () => RESOURCE_ATTRIBUTES),
      2: msg('nonResourceAttributes', () => ({ 1: f('path', 's'), 2: f('verb', 's') })),
    })),
    3: status,
  },
  SelfSubjectRulesReview: {
    1: meta,
    2: msg('spec', () => ({ 1: f('namespace', 's') })),
    3: status,
  },
  SelfSubjectReview: { 1: meta, 2: status },
  'autoscaling/v1 HorizontalPodAutoscaler': {
    1: meta,
    2: msg('spec', () => ({
      1: SCALE_TARGET,
      2: f('minReplicas', 'i', { keepZero: true }),
      3: f('maxReplicas', 'i'),
      4: f('targetCPUUtilizationPercentage', 'i', { keepZero: true }),
    })),
    3: status,
  },
  'autoscaling/v2 HorizontalPodAutoscaler': {
    1: meta,
    2: msg('spec', () => ({
      1: SCALE_TARGET,
      2: f('minReplicas', 'i', { keepZero: true }),
      3: f('maxReplicas', 'i'),
      4: msg(
        'metrics',
        () => ({
          1: f('type', 's'),
          4: msg('resource', () => ({
            1: f('name', 's'),
            2: msg('target', () => ({
              1: f('type', 's'),
              2: f('value', 'q'),
              3: f('averageValue', 'q'),
              4: f('averageUtilization', 'i', { keepZero: true }),
            })),
          })),
        }),
        true,
      ),
    })),
    3: status,
  },
  Role: { 1: meta, 2: POLICY_RULES },
  ClusterRole: { 1: meta, 2: POLICY_RULES },
  RoleBinding: BINDING(),
  ClusterRoleBinding: BINDING(),
  Namespace: {
    1: meta,
    2: msg('spec', () => ({ 1: f('finalizers', 's', { repeated: true }) })),
    3: status,
  },
  ConfigMap: {
    1: meta,
    2: f('data', 'map-s'),
    3: f('binaryData', 'map-y'),
    4: f('immutable', 'b', { keepZero: true }),
  },
  Secret: {
    1: meta,
    2: f('data', 'map-y'),
    3: f('type', 's'),
    4: f('stringData', 'map-s'),
    5: f('immutable', 'b', { keepZero: true }),
  },
  ServiceAccount: {
    1: meta,
    3: msg('imagePullSecrets', () => ({ 1: f('name', 's') }), true),
    4: f('automountServiceAccountToken', 'b', { keepZero: true }),
  },
  Deployment: {
    1: meta,
    2: msg('spec', () => ({
      1: f('replicas', 'i', { keepZero: true }),
      2: msg('selector', () => LABEL_SELECTOR),
      3: msg('template', () => POD_TEMPLATE),
      4: msg('strategy', () => ({ 1: f('type', 's') })),
      5: f('minReadySeconds', 'i'),
      6: f('revisionHistoryLimit', 'i', { keepZero: true }),
      7: f('paused', 'b'),
      9: f('progressDeadlineSeconds', 'i', { keepZero: true }),
    })),
    3: status,
  },
  Service: { 1: meta, 2: msg('spec', () => SERVICE_SPEC), 3: status },
  Job: { 1: meta, 2: msg('spec', () => JOB_SPEC), 3: status },
  CronJob: {
    1: meta,
    2: msg('spec', () => ({
      1: f('schedule', 's'),
      2: f('startingDeadlineSeconds', 'i', { keepZero: true }),
      3: f('concurrencyPolicy', 's'),
      4: f('suspend', 'b', { keepZero: true }),
      5: msg('jobTemplate', () => ({
        1: msg('metadata', () => OBJECT_META),
        2: msg('spec', () => JOB_SPEC),
      })),
      6: f('successfulJobsHistoryLimit', 'i', { keepZero: true }),
      7: f('failedJobsHistoryLimit', 'i', { keepZero: true }),
      8: f('timeZone', 's'),
    })),
    3: status,
  },
};
