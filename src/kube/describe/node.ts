/**
 * Nodes as kubectl describes them: conditions, addresses, capacity, system info, the node's
 * non-terminated pods with their requests and limits, and the allocated totals.
 */
import type { KubeClient } from '../client.js';
import { KubeError, statusOf } from '../errors.js';
import { writeEvents } from './events.js';
import {
  addQuantity,
  formatQuantity,
  milliValue,
  parseQuantity,
  wholeValue,
  type Quantity,
} from './quantity.js';
import {
  DescribeWriter,
  asList,
  asObj,
  clean,
  rfc1123z,
  since,
  sortedKeys,
  str,
  writeAnnotations,
  writeLabels,
  type Obj,
} from './writer.js';

type Totals = Map<string, Quantity>;

function addAll(into: Totals, list: Obj): void {
  for (const [name, text] of Object.entries(list)) {
    const q = parseQuantity(String(text));
    if (q) into.set(name, addQuantity(into.get(name), q));
  }
}

/** resourcehelper.PodRequestsAndLimits: containers summed, init containers as a maximum, plus overhead. */
function podTotals(pod: Obj): { req: Totals; lim: Totals } {
  const spec = asObj(pod.spec);
  const req: Totals = new Map();
  const lim: Totals = new Map();
  for (const c of asList(spec.containers)) {
    addAll(req, asObj(asObj(c.resources).requests));
    addAll(lim, asObj(asObj(c.resources).limits));
  }
  for (const c of asList(spec.initContainers)) {
    for (const [into, list] of [
      [req, asObj(asObj(c.resources).requests)],
      [lim, asObj(asObj(c.resources).limits)],
    ] as const) {
      for (const [name, text] of Object.entries(list)) {
        const q = parseQuantity(String(text));
        const have = into.get(name);
        if (q && (!have || q.nanos > have.nanos)) into.set(name, q);
      }
    }
  }
  addAll(req, asObj(spec.overhead));
  addAll(lim, asObj(spec.overhead));
  return { req, lim };
}

const percent = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.trunc((part / whole) * 100);

function roles(labels: Obj): string {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') found.add(role);
    } else if (key === 'kubernetes.io/role' && String(value) !== '') found.add(String(value));
  }
  return [...found].sort().join(',');
}

export async function describeNode(
  client: KubeClient,
  node: Obj,
  options: { now: number },
  events: Obj[] | undefined,
): Promise<string> {
  const { now } = options;
  const metadata = asObj(node.metadata);
  const spec = asObj(node.spec);
  const status = asObj(node.status);
  const name = str(metadata.name);
  let pods: Obj[] | undefined;
  try {
    pods = asList(
      (
        await client.json<Obj>({
          path: '/api/v1/pods',
          query: {
            fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
            limit: '500',
          },
        })
      ).items,
    );
  } catch (error) {
    if (!(error instanceof KubeError) || statusOf(error)?.reason !== 'Forbidden') throw error;
  }
  let leaseLine: string | undefined;
  let lease: Obj | undefined;
  try {
    lease = await client.json<Obj>({
      path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`,
    });
  } catch (error) {
    if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
    leaseLine = `Lease:\tFailed to get lease: ${clean(statusOf(error)?.message ?? '')}\n`;
  }

  const w = new DescribeWriter();
  w.write(0, `Name:\t${clean(name)}\n`);
  w.write(0, `Roles:\t${clean(roles(asObj(metadata.labels))) || '<none>'}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(metadata.creationTimestamp)}\n`);
  const taints = [...asList(spec.taints)].sort((a, b) => {
    const ka = `${str(a.effect)},${str(a.key)}`;
    const kb = `${str(b.effect)},${str(b.key)}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  w.write(0, 'Taints:\t');
  if (taints.length === 0) w.write(0, '<none>\n');
  taints.forEach((t, i) => {
    const value = str(t.value) === '' ? '' : `=${str(t.value)}`;
    w.write(0, `${i === 0 ? '' : '\t'}${clean(`${str(t.key)}${value}:${str(t.effect)}`)}\n`);
  });
  w.write(0, `Unschedulable:\t${spec.unschedulable === true}\n`);
  if (leaseLine !== undefined) w.write(0, leaseLine);
  else {
    const ls = asObj(lease?.spec);
    w.write(0, 'Lease:\n');
    w.write(
      1,
      `HolderIdentity:\t${ls.holderIdentity === undefined ? '<unset>' : clean(ls.holderIdentity)}\n`,
    );
    w.write(1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${ls.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
  }
  const conditions = asList(status.conditions);
  if (conditions.length > 0) {
    w.write(
      0,
      'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
    );
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions)
      w.write(
        1,
        `${clean(c.type)} \t${clean(c.status)} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${clean(c.reason)} \t${clean(c.message)}\n`,
      );
  }
  w.write(0, 'Addresses:\n');
  for (const a of asList(status.addresses)) w.write(1, `${clean(a.type)}:\t${clean(a.address)}\n`);
  for (const [field, title] of [
    ['capacity', 'Capacity'],
    ['allocatable', 'Allocatable'],
  ] as const) {
    const list = asObj(status[field]);
    if (Object.keys(list).length === 0) continue;
    w.write(0, `${title}:\n`);
    for (const key of sortedKeys(list))
      w.write(0, `  ${clean(key)}:\t${clean(formatQuantity(parseQuantity(String(list[key]))))}\n`);
  }
  const info = asObj(status.nodeInfo);
  w.write(0, 'System Info:\n');
  for (const [field, title] of [
    ['machineID', 'Machine ID'],
    ['systemUUID', 'System UUID'],
    ['bootID', 'Boot ID'],
    ['kernelVersion', 'Kernel Version'],
    ['osImage', 'OS Image'],
    ['operatingSystem', 'Operating System'],
    ['architecture', 'Architecture'],
    ['containerRuntimeVersion', 'Container Runtime Version'],
    ['kubeletVersion', 'Kubelet Version'],
  ])
    w.write(0, `  ${title}:\t${clean(info[field as string])}\n`);
  if (str(info.kubeProxyVersion) !== '')
    w.write(0, `  Kube-Proxy Version:\t${clean(info.kubeProxyVersion)}\n`);
  if (str(spec.podCIDR) !== '') w.write(0, `PodCIDR:\t${clean(spec.podCIDR)}\n`);
  const cidrs = asList(spec.podCIDRs).map(String);
  if (cidrs.length > 0) w.write(0, `PodCIDRs:\t${clean(cidrs.join(','))}\n`);
  if (str(spec.providerID) !== '') w.write(0, `ProviderID:\t${clean(spec.providerID)}\n`);
  if (pods === undefined) w.write(0, 'Pods:\tnot authorized\n');
  else writeNodeResources(w, pods, status, now);
  writeEvents(w, events, now);
  return w.toString();
}

function writeNodeResources(w: DescribeWriter, pods: Obj[], status: Obj, now: number): void {
  const allocatableRaw =
    Object.keys(asObj(status.allocatable)).length > 0 ? status.allocatable : status.capacity;
  const allocatable = asObj(allocatableRaw);
  const alloc = (name: string): Quantity | undefined =>
    parseQuantity(String(allocatable[name] ?? '0'));
  const cpu = milliValue(alloc('cpu'));
  const memory = wholeValue(alloc('memory'));
  const storage = wholeValue(alloc('ephemeral-storage'));
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const req: Totals = new Map();
  const lim: Totals = new Map();
  for (const pod of pods) {
    const t = podTotals(pod);
    for (const [k, v] of t.req) req.set(k, addQuantity(req.get(k), v));
    for (const [k, v] of t.lim) lim.set(k, addQuantity(lim.get(k), v));
    const m = asObj(pod.metadata);
    const cell = (q: Quantity | undefined, whole: number, milli: boolean): string =>
      `${formatQuantity(q)} (${percent(milli ? milliValue(q) : wholeValue(q), whole)}%)`;
    w.write(
      1,
      `${clean(m.namespace)}\t${clean(m.name)}\t\t${cell(t.req.get('cpu'), cpu, true)}\t${cell(t.lim.get('cpu'), cpu, true)}\t${cell(t.req.get('memory'), memory, false)}\t${cell(t.lim.get('memory'), memory, false)}\t${since(m.creationTimestamp, now)}\n`,
    );
  }
  w.write(
    0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  for (const [name, whole, milli] of [
    ['cpu', cpu, true],
    ['memory', memory, false],
    ['ephemeral-storage', storage, false],
  ] as const) {
    const r = req.get(name);
    const l = lim.get(name);
    const value = (q: Quantity | undefined): number => (milli ? milliValue(q) : wholeValue(q));
    w.write(
      1,
      `${name}\t${formatQuantity(r)} (${percent(value(r), whole)}%)\t${formatQuantity(l)} (${percent(value(l), whole)}%)\n`,
    );
  }
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods', 'storage']);
  const extended = sortedKeys(allocatable).filter(
    (key) => !standard.has(key) && !key.startsWith('hugepages-') && !key.startsWith('requests.'),
  );
  for (const key of extended)
    w.write(1, `${clean(key)}\t${formatQuantity(req.get(key))}\t${formatQuantity(lim.get(key))}\n`);
}
