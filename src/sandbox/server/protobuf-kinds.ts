/**
 * The top-level protobuf schemas the sandbox reads, by kind (or by `apiVersion kind` where
 * versions differ), built from the field tables in protobuf-schema.ts. Status is ignored.
 */
import {
  f,
  JOB_SPEC,
  LABEL_SELECTOR,
  msg,
  OBJECT_META,
  POD_TEMPLATE,
  SERVICE_SPEC,
  type MessageSchema,
} from './protobuf-schema.js';

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

const INGRESS_BACKEND: () => MessageSchema = () => ({
  4: msg('service', () => ({
    1: f('name', 's'),
    2: msg('port', () => ({ 1: f('name', 's'), 2: f('number', 'i') })),
  })),
});

const INGRESS_SPEC: MessageSchema = {
  1: msg('defaultBackend', INGRESS_BACKEND),
  2: msg('tls', () => ({ 1: f('hosts', 's', { repeated: true }), 2: f('secretName', 's') }), true),
  3: msg(
    'rules',
    () => ({
      1: f('host', 's'),
      // IngressRuleValue is inlined in JSON: its `http` sits directly in the rule.
      2: {
        name: 'ingressRuleValue',
        kind: 'inline',
        schema: () => ({
          1: msg('http', () => ({
            1: msg(
              'paths',
              () => ({
                1: f('path', 's'),
                2: msg('backend', INGRESS_BACKEND),
                3: f('pathType', 's'),
              }),
              true,
            ),
          })),
        }),
      },
    }),
    true,
  ),
  4: f('ingressClassName', 's'),
};

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

export const KIND_SCHEMAS: Record<string, MessageSchema> = {
  // What client-go's typed clients send with a delete (helm uninstall does): every field is a
  // pointer in Go, so a zero is meaningful. Field 6 (ignoreStoreReadErrorWithClusterBreakingPotential)
  // is left out on purpose: the sandbox cannot honour it, so a request setting it gets a 415.
  DeleteOptions: {
    1: f('gracePeriodSeconds', 'i', { keepZero: true }),
    2: msg('preconditions', () => ({ 1: f('uid', 's'), 2: f('resourceVersion', 's') })),
    3: f('orphanDependents', 'b', { keepZero: true }),
    4: f('propagationPolicy', 's'),
    5: f('dryRun', 's', { repeated: true }),
  },
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
  Ingress: { 1: meta, 2: msg('spec', () => INGRESS_SPEC), 3: status },
  PodDisruptionBudget: {
    1: meta,
    2: msg('spec', () => ({
      1: f('minAvailable', 'io', { keepZero: true }),
      2: msg('selector', () => LABEL_SELECTOR),
      3: f('maxUnavailable', 'io', { keepZero: true }),
      4: f('unhealthyPodEvictionPolicy', 's'),
    })),
    3: status,
  },
  TokenRequest: {
    1: meta,
    2: msg('spec', () => ({
      1: f('audiences', 's', { repeated: true }),
      3: msg('boundObjectRef', () => ({
        1: f('kind', 's'),
        2: f('apiVersion', 's'),
        3: f('name', 's'),
        4: f('uid', 's'),
      })),
      4: f('expirationSeconds', 'i', { keepZero: true }),
    })),
    3: status,
  },
  CertificateSigningRequest: {
    1: meta,
    2: msg('spec', () => ({
      1: f('request', 'y'),
      2: f('username', 's'),
      3: f('uid', 's'),
      4: f('groups', 's', { repeated: true }),
      5: f('usages', 's', { repeated: true }),
      6: f('extra', 'skip'),
      7: f('signerName', 's'),
      8: f('expirationSeconds', 'i', { keepZero: true }),
    })),
    // Read, not skipped: `kubectl certificate approve` sends its decision in status.
    3: msg('status', () => ({
      1: msg(
        'conditions',
        () => ({
          1: f('type', 's'),
          2: f('reason', 's'),
          3: f('message', 's'),
          4: f('lastUpdateTime', 't'),
          5: f('lastTransitionTime', 't'),
          6: f('status', 's'),
        }),
        true,
      ),
      2: f('certificate', 'y'),
    })),
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
