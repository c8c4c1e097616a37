/**
 * Server-side printing: the meta.k8s.io/v1 `Table` the API server returns for
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Columns and cells follow the
 * printers of Kubernetes 1.32 (pkg/printers/internalversion), including the priority-1
 * columns kubectl shows with `-o wide`. Kinds without a printer get what the server gives
 * them: built-in kinds the default NAME / CREATED AT, custom kinds NAME / AGE.
 */
import type { KubeObject } from '../types.js';
import { DOC } from './descriptions.js';
import { since } from './duration.js';
import {
  configMapPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core.js';
import { at, type Obj } from './fields.js';
import { podPrinter } from './pod.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import { column, type Printer } from './types.js';
import { horizontalPodAutoscalerPrinter } from './autoscaling.js';
import {
  endpointsPrinter,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
} from './networking.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter } from './storage.js';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workloads.js';

export { humanDuration } from './duration.js';

/** Keyed `group/Kind`; the core group is ''. */
const PRINTERS: Record<string, Printer> = {
  '/Pod': podPrinter,
  '/Service': servicePrinter,
  '/Namespace': namespacePrinter,
  '/Node': nodePrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/Event': eventPrinter,
  '/Endpoints': endpointsPrinter,
  '/PersistentVolume': persistentVolumePrinter,
  '/PersistentVolumeClaim': persistentVolumeClaimPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscalerPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/IngressClass': ingressClassPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': clusterRoleBindingPrinter,
};

/** API groups served by the Kubernetes API server itself (not custom resources). */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** Go's zero time in RFC 3339, what the default convertor prints for a missing timestamp. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** rest.NewDefaultTableConvertor: built-in kinds without a printer (roles, CRDs, ...). */
const defaultPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Created At', 'date', DOC.creationTimestamp),
  ],
  row(o) {
    const ts = at(o, 'metadata', 'creationTimestamp');
    const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
    const created = Number.isNaN(t)
      ? ZERO_TIME
      : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { cells: [String(at(o, 'metadata', 'name') ?? ''), created] };
  },
};

/** A custom resource without additionalPrinterColumns: the CRD table's NAME and AGE. */
const customPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Age', 'date', DOC.creationTimestamp),
  ],
  row: (o, now) => ({
    cells: [
      String(at(o, 'metadata', 'name') ?? ''),
      since(at(o, 'metadata', 'creationTimestamp'), now),
    ],
  }),
};

export function printerFor(kind: string, group: string): Printer {
  const printer = PRINTERS[`${group}/${kind}`];
  if (printer !== undefined) return printer;
  return BUILT_IN_GROUPS.has(group) ? defaultPrinter : customPrinter;
}

export interface TableOptions {
  /** What each row's `object` holds: nothing, PartialObjectMetadata, or the whole object. */
  includeObject: 'None' | 'Metadata' | 'Object';
  /** The clock for AGE and other durations. */
  now: Date;
  /** The list's metadata. Without it, a single object's own resourceVersion is used. */
  listMeta?: { resourceVersion?: string; continue?: string };
}

function rowObject(o: KubeObject, include: TableOptions['includeObject']): unknown {
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(
  kind: string,
  group: string,
  objects: KubeObject[],
  options: TableOptions,
): Record<string, unknown> {
  const printer = printerFor(kind, group);
  const metadata: Record<string, string> = {};
  const resourceVersion =
    options.listMeta !== undefined
      ? options.listMeta.resourceVersion
      : objects.length === 1
        ? objects[0]?.metadata.resourceVersion
        : undefined;
  if (resourceVersion !== undefined && resourceVersion !== '') {
    metadata.resourceVersion = resourceVersion;
  }
  const cont = options.listMeta?.continue;
  if (cont !== undefined && cont !== '') metadata.continue = cont;
  const rows = objects.map((o) => {
    const printed = printer.row(o as unknown as Obj, options.now);
    return {
      cells: printed.cells,
      ...(printed.conditions !== undefined ? { conditions: printed.conditions } : {}),
      ...(options.includeObject === 'None' ? {} : { object: rowObject(o, options.includeObject) }),
    };
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
