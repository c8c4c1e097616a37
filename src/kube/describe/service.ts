/** Services as kubectl describes them, endpoints taken from the service's EndpointSlices. */
import { writeEvents } from './events.js';
import {
  DescribeWriter,
  asList,
  asObj,
  asStrings,
  clean,
  formatLabels,
  goString,
  num,
  str,
  writeAnnotations,
  writeLabels,
  type Obj,
} from './writer.js';

/** formatEndpointSlices for one service port: up to three ready host:port pairs, then "+ N more...". */
function endpointsFor(slices: Obj[], portName: string): string | undefined {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const ports = asList(slice.ports);
    const endpoints = asList(slice.endpoints);
    if (ports.length === 0) {
      for (const endpoint of endpoints) {
        if (list.length === max) more = true;
        const ready = asObj(endpoint.conditions).ready;
        if (ready === false) continue;
        if (!more) list.push(str(asStrings(endpoint.addresses)[0]));
        count++;
      }
      continue;
    }
    for (const port of ports) {
      // kubectl dereferences the port's name and crashes when a slice port has none.
      if (port.name === undefined) return undefined;
      if (port.name !== portName) continue;
      for (const endpoint of endpoints) {
        if (list.length === max) more = true;
        const ready = asObj(endpoint.conditions).ready;
        const addresses = asStrings(endpoint.addresses);
        if (ready === false || addresses.length === 0) continue;
        count++;
        if (!more) {
          const address = addresses[0] ?? '';
          const host = address.includes(':') ? `[${address}]` : address;
          list.push(`${host}:${num(port.port)}`);
        }
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

/** Undefined when kubectl itself could not describe the service (see endpointsFor). */
export function describeService(
  svc: Obj,
  slices: Obj[],
  events: Obj[] | undefined,
  now: number,
): string | undefined {
  const w = new DescribeWriter();
  const metadata = asObj(svc.metadata);
  const spec = asObj(svc.spec);
  const status = asObj(svc.status);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${clean(spec.type)}\n`);
  if (spec.ipFamilyPolicy !== undefined)
    w.write(0, `IP Family Policy:\t${clean(spec.ipFamilyPolicy)}\n`);
  const families = asStrings(spec.ipFamilies);
  if (families.length > 0) w.write(0, `IP Families:\t${clean(families.join(','))}\n`);
  if (str(spec.clusterIP) !== '') w.write(0, `IP:\t${clean(spec.clusterIP)}\n`);
  const ips = asStrings(spec.clusterIPs);
  if (ips.length > 0) w.write(0, `IPs:\t${clean(ips.join(','))}\n`);
  const external = asStrings(spec.externalIPs);
  if (external.length > 0) w.write(0, `External IPs:\t${clean(external.join(','))}\n`);
  if (str(spec.loadBalancerIP) !== '')
    w.write(0, `Desired LoadBalancer IP:\t${clean(spec.loadBalancerIP)}\n`);
  if (str(spec.externalName) !== '') w.write(0, `External Name:\t${clean(spec.externalName)}\n`);
  const ingress = asList(asObj(status.loadBalancer).ingress);
  if (ingress.length > 0)
    w.write(
      0,
      `LoadBalancer Ingress:\t${clean(ingress.map((i) => str(i.ip) || str(i.hostname)).join(', '))}\n`,
    );
  for (const port of asList(spec.ports)) {
    const name = str(port.name) || '<unset>';
    const protocol = str(port.protocol);
    w.write(0, `Port:\t${clean(name)}\t${num(port.port)}/${clean(protocol)}\n`);
    const target = port.targetPort;
    w.write(0, `TargetPort:\t${clean(goString(target))}/${clean(protocol)}\n`);
    if (num(port.nodePort) !== 0)
      w.write(0, `NodePort:\t${clean(name)}\t${num(port.nodePort)}/${clean(protocol)}\n`);
    const endpoints = endpointsFor(slices, str(port.name));
    if (endpoints === undefined) return undefined;
    w.write(0, `Endpoints:\t${clean(endpoints)}\n`);
  }
  w.write(0, `Session Affinity:\t${clean(spec.sessionAffinity)}\n`);
  if (str(spec.externalTrafficPolicy) !== '')
    w.write(0, `External Traffic Policy:\t${clean(spec.externalTrafficPolicy)}\n`);
  if (num(spec.healthCheckNodePort) !== 0)
    w.write(0, `HealthCheck NodePort:\t${num(spec.healthCheckNodePort)}\n`);
  const ranges = asStrings(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) w.write(0, `LoadBalancer Source Ranges:\t${clean(ranges.join(','))}\n`);
  if (spec.internalTrafficPolicy !== undefined)
    w.write(0, `Internal Traffic Policy:\t${clean(spec.internalTrafficPolicy)}\n`);
  writeEvents(w, events, now);
  return w.toString();
}

/** The (v1) Endpoints of a service: one block per subset. */
export function describeEndpoints(ep: Obj, events: Obj[] | undefined, now: number): string {
  const w = new DescribeWriter();
  const metadata = asObj(ep.metadata);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const subset of asList(ep.subsets)) {
    const ips = (field: string): string =>
      asList(subset[field])
        .map((address) => str(address.ip))
        .join(',') || '<none>';
    w.write(1, `Addresses:\t${clean(ips('addresses'))}\n`);
    w.write(1, `NotReadyAddresses:\t${clean(ips('notReadyAddresses'))}\n`);
    const ports = asList(subset.ports);
    if (ports.length > 0) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const port of ports)
        w.write(
          2,
          `${clean(str(port.name) || '<unset>')}\t${num(port.port)}\t${clean(port.protocol)}\n`,
        );
    }
    w.write(0, '\n');
  }
  writeEvents(w, events, now);
  return w.toString();
}
