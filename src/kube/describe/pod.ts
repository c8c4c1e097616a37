/** kubectl's PodDescriber output for one pod. */
import { writeContainers, writeTolerations, writeVolumes } from './containers.js';
import { writeEvents } from './events.js';
import {
  DescribeWriter,
  asList,
  asObj,
  clean,
  controllerOf,
  rfc1123z,
  since,
  str,
  writeAnnotations,
  writeLabels,
  type Obj,
} from './writer.js';

/** QoS class as the API server computes it, when the status does not carry one. */
function qosOf(spec: Obj): string {
  const containers = [...asList(spec.containers), ...asList(spec.initContainers)];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = asObj(c.resources);
    const req = asObj(res.requests);
    const lim = asObj(res.limits);
    if (Object.keys(req).length + Object.keys(lim).length > 0) any = true;
    for (const name of ['cpu', 'memory']) {
      if (lim[name] === undefined || (req[name] !== undefined && req[name] !== lim[name]))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Obj, events: Obj[] | undefined, now: number): string {
  const w = new DescribeWriter();
  const metadata = asObj(pod.metadata);
  const spec = asObj(pod.spec);
  const status = asObj(pod.status);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  if (typeof spec.priority === 'number') {
    w.write(0, `Priority:\t${spec.priority}\n`);
    if (str(spec.priorityClassName) !== '')
      w.write(0, `Priority Class Name:\t${clean(spec.priorityClassName)}\n`);
  }
  if (str(spec.runtimeClassName) !== '')
    w.write(0, `Runtime Class Name:\t${clean(spec.runtimeClassName)}\n`);
  if (str(spec.serviceAccountName) !== '')
    w.write(0, `Service Account:\t${clean(spec.serviceAccountName)}\n`);
  if (str(spec.nodeName) === '') w.write(0, 'Node:\t<none>\n');
  else w.write(0, `Node:\t${clean(spec.nodeName)}/${clean(status.hostIP)}\n`);
  if (status.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  const phase = str(status.phase);
  if (metadata.deletionTimestamp !== undefined && phase !== 'Failed' && phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(metadata.deletionTimestamp, now)})\n`);
    w.write(0, `Termination Grace Period:\t${String(metadata.deletionGracePeriodSeconds ?? 0)}s\n`);
  } else w.write(0, `Status:\t${clean(status.phase)}\n`);
  if (str(status.reason) !== '') w.write(0, `Reason:\t${clean(status.reason)}\n`);
  if (str(status.message) !== '') w.write(0, `Message:\t${clean(status.message)}\n`);
  w.write(0, `IP:\t${clean(status.podIP)}\n`);
  const ips = asList(status.podIPs);
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${clean(ip.ip)}\n`);
  }
  const controller = controllerOf(metadata);
  if (controller !== '') w.write(0, `Controlled By:\t${controller}\n`);
  if (str(status.nominatedNodeName) !== '')
    w.write(0, `NominatedNodeName:\t${clean(status.nominatedNodeName)}\n`);
  if (asList(spec.initContainers).length > 0)
    writeContainers(
      w,
      'Init Containers',
      asList(spec.initContainers),
      asList(status.initContainerStatuses),
      '',
      pod,
    );
  writeContainers(
    w,
    'Containers',
    asList(spec.containers),
    asList(status.containerStatuses),
    '',
    pod,
  );
  const conditions = asList(status.conditions);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(1, `${clean(c.type)} \t${clean(c.status)} \n`);
  }
  writeVolumes(w, asList(spec.volumes), '');
  w.write(0, `QoS Class:\t${clean(str(status.qosClass) || qosOf(spec))}\n`);
  writeLabels(w, 'Node-Selectors', spec.nodeSelector);
  writeTolerations(w, asList(spec.tolerations));
  writeEvents(w, events, now);
  return w.toString();
}
