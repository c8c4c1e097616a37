/**
 * Field numbers of the Kubernetes protobuf messages the sandbox can read (from
 * k8s.io/api and k8s.io/apimachinery generated.proto), for the objects kubectl's typed
 * clients send as protobuf: `kubectl create <kind>`, `kubectl autoscale` and the review
 * kinds of `kubectl auth`. Only fields those commands set are listed; the top-level kinds
 * are in protobuf-kinds.ts, and protobuf.ts refuses any other field that carries a value.
 */

/**
 * s string, i integer, b bool, y bytes (base64 in JSON), m message, t Time, q Quantity,
 * io IntOrString, inline a message whose fields JSON puts in its parent (`json:",inline"`).
 */
export type FieldKind =
  's' | 'i' | 'b' | 'y' | 'm' | 't' | 'q' | 'io' | 'map-s' | 'map-y' | 'map-q' | 'skip' | 'inline';

export interface FieldDef {
  name: string;
  kind: FieldKind;
  repeated?: boolean;
  /** A pointer field in Go: zero values are meaningful and kept (replicas: 0). */
  keepZero?: boolean;
  schema?: () => MessageSchema;
}

export type MessageSchema = Record<number, FieldDef>;

export const f = (
  name: string,
  kind: FieldKind,
  extra: Omit<FieldDef, 'name' | 'kind'> = {},
): FieldDef => ({ name, kind, ...extra });
export const msg = (name: string, schema: () => MessageSchema, repeated = false): FieldDef => ({
  name,
  kind: 'm',
  schema,
  repeated,
});

export const OBJECT_META: MessageSchema = {
  1: f('name', 's'),
  2: f('generateName', 's'),
  3: f('namespace', 's'),
  4: f('selfLink', 's'),
  5: f('uid', 's'),
  6: f('resourceVersion', 's'),
  7: f('generation', 'i'),
  8: f('creationTimestamp', 't'),
  11: f('labels', 'map-s'),
  12: f('annotations', 'map-s'),
  14: f('finalizers', 's', { repeated: true }),
  // Server-owned; an update sent back whole (certificate approve) carries them.
  9: f('deletionTimestamp', 't'),
  10: f('deletionGracePeriodSeconds', 'i'),
  13: f('ownerReferences', 'skip'),
  17: f('managedFields', 'skip'),
};

export const LABEL_SELECTOR: MessageSchema = {
  1: f('matchLabels', 'map-s'),
  2: msg(
    'matchExpressions',
    () => ({ 1: f('key', 's'), 2: f('operator', 's'), 3: f('values', 's', { repeated: true }) }),
    true,
  ),
};

export const CONTAINER: MessageSchema = {
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

export const POD_SPEC: MessageSchema = {
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

export const POD_TEMPLATE: MessageSchema = {
  1: msg('metadata', () => OBJECT_META),
  2: msg('spec', () => POD_SPEC),
};

export const JOB_SPEC: MessageSchema = {
  1: f('parallelism', 'i', { keepZero: true }),
  2: f('completions', 'i', { keepZero: true }),
  3: f('activeDeadlineSeconds', 'i', { keepZero: true }),
  4: msg('selector', () => LABEL_SELECTOR),
  6: msg('template', () => POD_TEMPLATE),
  7: f('backoffLimit', 'i', { keepZero: true }),
  8: f('ttlSecondsAfterFinished', 'i', { keepZero: true }),
  10: f('suspend', 'b', { keepZero: true }),
};

export const SERVICE_SPEC: MessageSchema = {
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
