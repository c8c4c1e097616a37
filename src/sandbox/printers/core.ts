/** Services, namespaces, nodes, config maps, secrets, service accounts and events (1.32). */
import { DOC } from './descriptions.js';
import { since } from './duration.js';
import { at, formatLabels, has, list, map, num, str, type Obj } from './fields.js';
import { column, type Printer } from './types.js';

const name = (o: Obj): string => str(o, 'metadata', 'name');
const age = (o: Obj, now: Date): string => since(at(o, 'metadata', 'creationTimestamp'), now);
const NAME = column('Name', 'string', DOC.name, { format: 'name' });
const AGE = column('Age', 'string', DOC.creationTimestamp);

/** Load-balancer ingress IPs (or hostnames), de-duplicated and sorted. Never clipped: wide. */
function loadBalancerIngress(svc: Obj): string {
  const seen = new Set<string>();
  for (const ing of list(svc, 'status', 'loadBalancer', 'ingress')) {
    const v = str(ing, 'ip') || str(ing, 'hostname');
    if (v !== '') seen.add(v);
  }
  return [...seen].sort().join(',');
}

function externalIP(svc: Obj, type: string): string {
  const external = list(svc, 'spec', 'externalIPs').map(String);
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc);
      if (external.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...external].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return str(svc, 'spec', 'externalName');
    default:
      return '<unknown>';
  }
}

function ports(svc: Obj): string {
  const parts = list(svc, 'spec', 'ports').map((p) => {
    const protocol = str(p, 'protocol') || 'TCP';
    const nodePort = num(p, 'nodePort');
    return nodePort > 0
      ? `${num(p, 'port')}:${nodePort}/${protocol}`
      : `${num(p, 'port')}/${protocol}`;
  });
  return parts.length === 0 ? '<none>' : parts.join(',');
}

export const servicePrinter: Printer = {
  columns: [
    NAME,
    column('Type', 'string', DOC.svcType),
    column('Cluster-IP', 'string', DOC.svcClusterIP),
    column('External-IP', 'string', DOC.svcExternalIPs),
    column('Port(s)', 'string', DOC.svcPorts),
    AGE,
    column('Selector', 'string', DOC.svcSelector, { priority: 1 }),
  ],
  row(o, now) {
    // The server defaults type to ClusterIP and clusterIPs from clusterIP.
    const type = str(o, 'spec', 'type') || 'ClusterIP';
    const ips = list(o, 'spec', 'clusterIPs');
    const clusterIP = (ips.length > 0 ? String(ips[0]) : str(o, 'spec', 'clusterIP')) || '<none>';
    return {
      cells: [
        name(o),
        type,
        clusterIP,
        externalIP(o, type),
        ports(o),
        age(o, now),
        formatLabels(map(o, 'spec', 'selector')),
      ],
    };
  },
};

export const namespacePrinter: Printer = {
  columns: [NAME, column('Status', 'string', 'The status of the namespace'), AGE],
  row: (o, now) => ({ cells: [name(o), str(o, 'status', 'phase'), age(o, now)] }),
};

function nodeStatus(node: Obj): string {
  // The server keys conditions by type, so the last Ready condition counts.
  const ready = list(node, 'status', 'conditions')
    .filter((c) => str(c, 'type') === 'Ready')
    .at(-1);
  const status: string[] = [];
  if (ready === undefined) status.push('Unknown');
  else status.push(str(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
  if (at(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeRoles(node: Obj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(map(node, 'metadata', 'labels'))) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(String(v));
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(node: Obj, type: string): string {
  const found = list(node, 'status', 'addresses').find((a) => str(a, 'type') === type);
  return found === undefined ? '<none>' : str(found, 'address');
}

export const nodePrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE,
    column('Version', 'string', DOC.kubeletVersion),
    column('Internal-IP', 'string', DOC.addresses, { priority: 1 }),
    column('External-IP', 'string', DOC.addresses, { priority: 1 }),
    column('OS-Image', 'string', DOC.osImage, { priority: 1 }),
    column('Kernel-Version', 'string', DOC.kernelVersion, { priority: 1 }),
    column('Container-Runtime', 'string', DOC.containerRuntimeVersion, { priority: 1 }),
  ],
  row(o, now) {
    const info = (field: string): string => str(o, 'status', 'nodeInfo', field) || '<unknown>';
    return {
      cells: [
        name(o),
        nodeStatus(o),
        nodeRoles(o),
        age(o, now),
        str(o, 'status', 'nodeInfo', 'kubeletVersion'),
        nodeAddress(o, 'InternalIP'),
        nodeAddress(o, 'ExternalIP'),
        info('osImage'),
        info('kernelVersion'),
        info('containerRuntimeVersion'),
      ],
    };
  },
};

export const configMapPrinter: Printer = {
  columns: [NAME, column('Data', 'string', DOC.configMapData), AGE],
  row: (o, now) => ({
    cells: [
      name(o),
      Object.keys(map(o, 'data')).length + Object.keys(map(o, 'binaryData')).length,
      age(o, now),
    ],
  }),
};

export const secretPrinter: Printer = {
  columns: [
    NAME,
    column('Type', 'string', DOC.secretType),
    column('Data', 'string', DOC.secretData),
    AGE,
  ],
  row: (o, now) => ({
    cells: [name(o), str(o, 'type'), Object.keys(map(o, 'data')).length, age(o, now)],
  }),
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME, column('Secrets', 'string', DOC.serviceAccountSecrets), AGE],
  row: (o, now) => ({ cells: [name(o), list(o, 'secrets').length, age(o, now)] }),
};

function eventSource(o: Obj): string {
  const component = str(o, 'source', 'component') || str(o, 'reportingComponent');
  const instance = str(o, 'source', 'host') || str(o, 'reportingInstance');
  return instance === '' ? component : `${component}, ${instance}`;
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', DOC.eventLastTimestamp),
    column('Type', 'string', DOC.eventType),
    column('Reason', 'string', DOC.eventReason),
    column('Object', 'string', DOC.eventInvolvedObject),
    column('Subobject', 'string', DOC.eventFieldPath, { priority: 1 }),
    column('Source', 'string', DOC.eventSource, { priority: 1 }),
    column('Message', 'string', DOC.eventMessage),
    column('First Seen', 'string', DOC.eventFirstTimestamp, { priority: 1 }),
    column('Count', 'string', DOC.eventCount, { priority: 1 }),
    column('Name', 'string', DOC.name, { priority: 1, format: 'name' }),
  ],
  row(o, now) {
    const first = has(o, 'firstTimestamp')
      ? since(at(o, 'firstTimestamp'), now)
      : since(at(o, 'eventTime'), now);
    let last = has(o, 'lastTimestamp') ? since(at(o, 'lastTimestamp'), now) : first;
    let count = num(o, 'count');
    if (has(o, 'series')) {
      last = since(at(o, 'series', 'lastObservedTime'), now);
      count = num(o, 'series', 'count');
    } else if (count === 0) {
      count = 1; // singleton events of the newer API carry no count
    }
    const kind = str(o, 'involvedObject', 'kind').toLowerCase();
    const involved = str(o, 'involvedObject', 'name');
    return {
      cells: [
        last,
        str(o, 'type'),
        str(o, 'reason'),
        involved === '' ? kind : `${kind}/${involved}`,
        str(o, 'involvedObject', 'fieldPath'),
        eventSource(o),
        str(o, 'message').trim(),
        first,
        count,
        name(o),
      ],
    };
  },
};
