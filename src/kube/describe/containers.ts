/**
 * Containers, volumes, tolerations and pod templates as kubectl describes them; shared by pods
 * (with container statuses) and by the workloads' "Pod Template:" (without).
 */
import { fieldRefValue, resourceFieldValue } from './env-values.js';
import {
  asList,
  asObj,
  asStrings,
  clean,
  num,
  orNone,
  rfc1123z,
  sortedKeys,
  str,
  writeAnnotations,
  writeLabels,
  type DescribeWriter,
  type Obj,
} from './writer.js';

const ports = (container: Obj, field: 'containerPort' | 'hostPort'): string =>
  asList(container.ports)
    .map((port) => `${num(port[field])}/${str(port.protocol)}`)
    .join(', ');

function writeState(w: DescribeWriter, title: string, state: Obj): void {
  const running = state.running === undefined ? undefined : asObj(state.running);
  const waiting = state.waiting === undefined ? undefined : asObj(state.waiting);
  const terminated = state.terminated === undefined ? undefined : asObj(state.terminated);
  if (running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(running.startedAt)}\n`);
  } else if (waiting) {
    w.write(2, `${title}:\tWaiting\n`);
    if (str(waiting.reason) !== '') w.write(3, `Reason:\t${clean(waiting.reason)}\n`);
  } else if (terminated) {
    w.write(2, `${title}:\tTerminated\n`);
    if (str(terminated.reason) !== '') w.write(3, `Reason:\t${clean(terminated.reason)}\n`);
    if (str(terminated.message) !== '') w.write(3, `Message:\t${clean(terminated.message)}\n`);
    w.write(3, `Exit Code:\t${num(terminated.exitCode)}\n`);
    if (num(terminated.signal) > 0) w.write(3, `Signal:\t${num(terminated.signal)}\n`);
    w.write(3, `Started:\t${rfc1123z(terminated.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(terminated.finishedAt)}\n`);
  } else w.write(2, `${title}:\tWaiting\n`);
}

function writeLines(w: DescribeWriter, title: string, values: string[]): void {
  if (values.length === 0) return;
  w.write(2, `${title}:\n`);
  for (const value of values) for (const line of value.split('\n')) w.write(3, `${clean(line)}\n`);
}

function writeResources(w: DescribeWriter, resources: Obj): void {
  for (const [field, title] of [
    ['limits', 'Limits'],
    ['requests', 'Requests'],
  ] as const) {
    const list = asObj(resources[field]);
    const keys = sortedKeys(list);
    if (keys.length > 0) w.write(2, `${title}:\n`);
    for (const key of keys) w.write(3, `${clean(key)}:\t${clean(list[key])}\n`);
  }
}

function probe(p: Obj): string {
  const attrs =
    `delay=${num(p.initialDelaySeconds)}s timeout=${num(p.timeoutSeconds)}s ` +
    `period=${num(p.periodSeconds)}s #success=${num(p.successThreshold)} #failure=${num(p.failureThreshold)}`;
  if (p.exec !== undefined) return `exec [${asStrings(asObj(p.exec).command).join(' ')}] ${attrs}`;
  if (p.httpGet !== undefined) {
    const h = asObj(p.httpGet);
    // Go's url.URL.String(): no scheme prints as "//host".
    const scheme = str(h.scheme).toLowerCase();
    const port = h.port === undefined ? '' : `:${String(h.port as string | number)}`;
    return `http-get ${scheme === '' ? '' : `${scheme}:`}//${str(h.host)}${port}${str(h.path)} ${attrs}`;
  }
  if (p.tcpSocket !== undefined) {
    const t = asObj(p.tcpSocket);
    return `tcp-socket ${str(t.host)}:${String(t.port as string | number)} ${attrs}`;
  }
  if (p.grpc !== undefined) {
    const g = asObj(p.grpc);
    return `grpc <pod>:${num(g.port)} ${str(g.service)} ${attrs}`;
  }
  return `unknown ${attrs}`;
}

function writeEnv(w: DescribeWriter, container: Obj, pod: Obj | undefined): void {
  const envFrom = asList(container.envFrom);
  if (envFrom.length > 0) {
    w.write(2, 'Environment Variables from:\n');
    for (const source of envFrom) {
      const cm = source.configMapRef === undefined ? undefined : asObj(source.configMapRef);
      const ref = cm ?? asObj(source.secretRef);
      const from = cm ? 'ConfigMap' : source.secretRef !== undefined ? 'Secret' : '';
      const optional = ref.optional === true;
      const prefix = str(source.prefix);
      const what = prefix === '' ? from : `${from} with prefix '${clean(prefix)}'`;
      w.write(3, `${clean(ref.name)}\t${what}\tOptional: ${optional}\n`);
    }
  }
  const env = asList(container.env);
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const name = clean(e.name);
    if (e.valueFrom === undefined) {
      str(e.value)
        .split('\n')
        .forEach((line, i) =>
          w.write(3, i === 0 ? `${name}:\t${clean(line)}\n` : `\t${clean(line)}\n`),
        );
      continue;
    }
    const from = asObj(e.valueFrom);
    if (from.fieldRef !== undefined) {
      const ref = asObj(from.fieldRef);
      w.write(
        3,
        `${name}:\t${clean(fieldRefValue(pod, ref))} (${clean(ref.apiVersion)}:${clean(ref.fieldPath)})\n`,
      );
    } else if (from.resourceFieldRef !== undefined) {
      const ref = asObj(from.resourceFieldRef);
      w.write(
        3,
        `${name}:\t${clean(resourceFieldValue(container, ref))} (${clean(ref.resource)})\n`,
      );
    } else if (from.secretKeyRef !== undefined) {
      const ref = asObj(from.secretKeyRef);
      w.write(
        3,
        `${name}:\t<set to the key '${clean(ref.key)}' in secret '${clean(ref.name)}'>\tOptional: ${ref.optional === true}\n`,
      );
    } else if (from.configMapKeyRef !== undefined) {
      const ref = asObj(from.configMapKeyRef);
      w.write(
        3,
        `${name}:\t<set to the key '${clean(ref.key)}' of config map '${clean(ref.name)}'>\tOptional: ${ref.optional === true}\n`,
      );
    }
  }
}

function writeMounts(w: DescribeWriter, container: Obj): void {
  const mounts = [...asList(container.volumeMounts)].sort((a, b) =>
    str(a.mountPath) < str(b.mountPath) ? -1 : str(a.mountPath) > str(b.mountPath) ? 1 : 0,
  );
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly === true ? 'ro' : 'rw'];
    if (str(m.subPath) !== '') flags.push(`path=${JSON.stringify(str(m.subPath))}`);
    w.write(3, `${clean(m.mountPath)} from ${clean(m.name)} (${clean(flags.join(','))})\n`);
  }
}

/** describeContainers. `statuses` undefined for pod templates. */
export function writeContainers(
  w: DescribeWriter,
  title: string,
  containers: Obj[],
  statuses: Obj[] | undefined,
  space: string,
  pod?: Obj,
): void {
  w.write(0, `${space}${title}:\n`);
  for (const c of containers) {
    const status = statuses?.find((s) => s.name === c.name);
    w.write(1, `${space === '' ? '' : ' '}${clean(c.name)}:\n`);
    if (status) w.write(2, `Container ID:\t${clean(status.containerID)}\n`);
    w.write(2, `Image:\t${clean(c.image)}\n`);
    if (status) w.write(2, `Image ID:\t${clean(status.imageID)}\n`);
    const p = ports(c, 'containerPort');
    w.write(2, p.includes(',') ? `Ports:\t${p}\n` : `Port:\t${orNone(p)}\n`);
    const hp = ports(c, 'hostPort');
    w.write(2, hp.includes(',') ? `Host Ports:\t${hp}\n` : `Host Port:\t${orNone(hp)}\n`);
    writeLines(w, 'Command', asStrings(c.command));
    writeLines(w, 'Args', asStrings(c.args));
    if (status) {
      writeState(w, 'State', asObj(status.state));
      const last = asObj(status.lastState);
      if (last.terminated !== undefined) writeState(w, 'Last State', last);
      w.write(2, `Ready:\t${status.ready === true ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${num(status.restartCount)}\n`);
    }
    writeResources(w, asObj(c.resources));
    for (const [field, title2] of [
      ['livenessProbe', 'Liveness'],
      ['readinessProbe', 'Readiness'],
      ['startupProbe', 'Startup'],
    ] as const) {
      if (c[field] !== undefined) w.write(2, `${title2}:\t${clean(probe(asObj(c[field])))}\n`);
    }
    writeEnv(w, c, pod);
    writeMounts(w, c);
  }
}

/** describeVolumes, for the volume types a sandbox or a typical workload uses. */
export function writeVolumes(w: DescribeWriter, volumes: Obj[], space: string): void {
  if (volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space === '' ? '' : ' '}${clean(v.name)}:\n`);
    const lead = '    ';
    if (v.configMap !== undefined) {
      const cm = asObj(v.configMap);
      w.write(0, `${lead}Type:\tConfigMap (a volume populated by a ConfigMap)\n`);
      w.write(0, `${lead}Name:\t${clean(cm.name)}\n${lead}Optional:\t${cm.optional === true}\n`);
    } else if (v.secret !== undefined) {
      const s = asObj(v.secret);
      w.write(0, `${lead}Type:\tSecret (a volume populated by a Secret)\n`);
      w.write(
        0,
        `${lead}SecretName:\t${clean(s.secretName)}\n${lead}Optional:\t${s.optional === true}\n`,
      );
    } else if (v.emptyDir !== undefined) {
      const e = asObj(v.emptyDir);
      w.write(0, `${lead}Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n`);
      w.write(0, `${lead}Medium:\t${clean(e.medium)}\n`);
      w.write(
        0,
        `${lead}SizeLimit:\t${e.sizeLimit === undefined ? '<unset>' : clean(e.sizeLimit)}\n`,
      );
    } else if (v.hostPath !== undefined) {
      const h = asObj(v.hostPath);
      w.write(0, `${lead}Type:\tHostPath (bare host directory volume)\n`);
      w.write(0, `${lead}Path:\t${clean(h.path)}\n${lead}HostPathType:\t${clean(h.type)}\n`);
    } else w.write(0, `${lead}<unknown>\n`);
  }
}

/** printTolerationsMultilineWithIndent. */
export function writeTolerations(w: DescribeWriter, tolerations: Obj[], indent = ''): void {
  w.write(0, `${indent}Tolerations:\t`);
  if (tolerations.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  const sorted = [...tolerations].sort((a, b) =>
    str(a.key) < str(b.key) ? -1 : str(a.key) > str(b.key) ? 1 : 0,
  );
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${indent}\t`);
    let text = str(t.key);
    if (str(t.value) !== '') text += `=${str(t.value)}`;
    if (str(t.effect) !== '') text += `:${str(t.effect)}`;
    if (str(t.operator) === 'Exists' && str(t.value) === '')
      text += str(t.key) !== '' ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') text += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${clean(text)}\n`);
  });
}

/** DescribePodTemplate. */
export function writePodTemplate(w: DescribeWriter, template: Obj): void {
  const metadata = asObj(template.metadata);
  const spec = asObj(template.spec);
  w.write(0, 'Pod Template:\n');
  writeLabels(w, 'Labels', metadata.labels, '  ');
  if (Object.keys(asObj(metadata.annotations)).length > 0)
    writeAnnotations(w, 'Annotations', metadata.annotations, '  ');
  if (str(spec.serviceAccountName) !== '')
    w.write(1, `Service Account:\t${clean(spec.serviceAccountName)}\n`);
  if (asList(spec.initContainers).length > 0)
    writeContainers(w, 'Init Containers', asList(spec.initContainers), undefined, '  ');
  writeContainers(w, 'Containers', asList(spec.containers), undefined, '  ');
  writeVolumes(w, asList(spec.volumes), '  ');
  if (str(spec.priorityClassName) !== '')
    w.write(1, `Priority Class Name:\t${clean(spec.priorityClassName)}\n`);
  writeLabels(w, 'Node-Selectors', spec.nodeSelector, '  ');
  writeTolerations(w, asList(spec.tolerations), '  ');
}
