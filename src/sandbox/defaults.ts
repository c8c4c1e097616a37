/**
 * Defaulting, as the API server applies it on create and update, for the fields kubectl's
 * printers and describers read. Mutates the object it is given (a fresh copy in the handlers).
 */
import { hexHash } from './names.js';
import type { KubeObject } from './types.js';

type Obj = Record<string, unknown>;

function obj(parent: Obj, key: string): Obj {
  const value = parent[key];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Obj;
  const fresh: Obj = {};
  parent[key] = fresh;
  return fresh;
}

function list(value: unknown): Obj[] {
  return Array.isArray(value)
    ? value.filter((v): v is Obj => v !== null && typeof v === 'object')
    : [];
}

function setDefault(target: Obj, key: string, value: unknown): void {
  if (target[key] === undefined) target[key] = value;
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'serviceAccountName', 'default');
  if (spec.serviceAccount === undefined) spec.serviceAccount = spec.serviceAccountName;
  for (const container of [...list(spec.containers), ...list(spec.initContainers)]) {
    const image = typeof container.image === 'string' ? container.image : '';
    const latest = !/:[^/]+$/.test(image) || image.endsWith(':latest');
    setDefault(container, 'imagePullPolicy', latest ? 'Always' : 'IfNotPresent');
    setDefault(container, 'terminationMessagePath', '/dev/termination-log');
    setDefault(container, 'terminationMessagePolicy', 'File');
    setDefault(container, 'resources', {});
    for (const port of list(container.ports)) setDefault(port, 'protocol', 'TCP');
  }
}

function defaultTemplate(spec: Obj): void {
  const template = obj(spec, 'template');
  obj(template, 'metadata');
  defaultPodSpec(obj(template, 'spec'));
}

function defaultService(object: KubeObject): void {
  const spec = obj(object, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    if (spec.clusterIP === undefined) {
      // A stable address from the name, inside the default service CIDR 10.96.0.0/12.
      const h = parseInt(hexHash(`${object.metadata.namespace}/${object.metadata.name}`, 4), 16);
      spec.clusterIP = `10.96.${(h >> 8) % 256}.${(h % 253) + 2}`;
    }
    setDefault(spec, 'clusterIPs', [spec.clusterIP]);
    setDefault(spec, 'ipFamilies', ['IPv4']);
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  }
  for (const port of list(spec.ports)) {
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'targetPort', port.port);
  }
  const status = obj(object, 'status');
  setDefault(status, 'loadBalancer', {});
}

export function applyDefaults(object: KubeObject): void {
  switch (object.kind) {
    case 'Pod':
      defaultPodSpec(obj(object, 'spec'));
      break;
    case 'Deployment': {
      const spec = obj(object, 'spec');
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      setDefault(spec, 'strategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      });
      defaultTemplate(spec);
      break;
    }
    case 'Job': {
      const spec = obj(object, 'spec');
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      defaultTemplate(spec);
      break;
    }
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet': {
      const spec = obj(object, 'spec');
      if (object.kind !== 'DaemonSet') setDefault(spec, 'replicas', 1);
      if (object.kind === 'StatefulSet') {
        setDefault(spec, 'podManagementPolicy', 'OrderedReady');
        setDefault(spec, 'updateStrategy', {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 0 },
        });
        setDefault(spec, 'revisionHistoryLimit', 10);
      }
      if (object.kind === 'DaemonSet') {
        setDefault(spec, 'updateStrategy', {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
        });
        setDefault(spec, 'revisionHistoryLimit', 10);
      }
      defaultTemplate(spec);
      break;
    }
    case 'Service':
      defaultService(object);
      break;
    case 'Secret': {
      setDefault(object, 'type', 'Opaque');
      // stringData is write-only: the API server folds it into data (base64) and drops it.
      const stringData = object.stringData;
      if (stringData !== null && typeof stringData === 'object' && !Array.isArray(stringData)) {
        const data = obj(object, 'data');
        for (const [key, value] of Object.entries(stringData as Obj)) {
          data[key] = Buffer.from(String(value)).toString('base64');
        }
      }
      delete object.stringData;
      break;
    }
    case 'Namespace': {
      const labels = (object.metadata.labels ??= {});
      labels['kubernetes.io/metadata.name'] = object.metadata.name ?? '';
      setDefault(obj(object, 'spec'), 'finalizers', ['kubernetes']);
      setDefault(obj(object, 'status'), 'phase', 'Active');
      break;
    }
  }
}

/**
 * Defaults that need the uid, applied once on create: a Job selects its own pods by
 * controller-uid unless it asks for a manual selector, as the API server arranges.
 */
export function applyCreateDefaults(object: KubeObject): void {
  if (object.kind !== 'Job') return;
  const spec = obj(object, 'spec');
  if (spec.manualSelector === true) return;
  const uid = object.metadata.uid ?? '';
  const name = object.metadata.name ?? '';
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const meta = obj(obj(spec, 'template'), 'metadata');
  meta.labels = {
    ...(meta.labels as Record<string, string> | undefined),
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
}
