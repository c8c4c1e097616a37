/** Deployments and replica sets as kubectl describes them. */
import { writePodTemplate } from './containers.js';
import { writeEvents } from './events.js';
import {
  DescribeWriter,
  asList,
  asObj,
  clean,
  controllerOf,
  formatLabelSelector,
  goString,
  num,
  rfc1123z,
  str,
  writeAnnotations,
  writeLabels,
  type Obj,
} from './writer.js';

function writeConditions(w: DescribeWriter, conditions: Obj[]): void {
  if (conditions.length === 0) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conditions)
    w.write(1, `${clean(c.type)} \t${clean(c.status)}\t${clean(c.reason)}\n`);
}

/** A template equal to the deployment's once the replica set's pod-template-hash label is dropped. */
function sameTemplate(rs: Obj, deployment: Obj): boolean {
  const template = structuredClone(asObj(asObj(rs.spec).template));
  const labels = asObj(asObj(template.metadata).labels);
  delete labels['pod-template-hash'];
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Obj).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
    );
  return canonical(template) === canonical(asObj(asObj(deployment.spec).template));
}

const rsSummary = (list: Obj[]): string =>
  list.length === 0
    ? '<none>'
    : list
        .map(
          (rs) =>
            `${clean(asObj(rs.metadata).name)} (${num(asObj(rs.status).replicas)}/${num(asObj(rs.spec).replicas)} replicas created)`,
        )
        .join(', ');

/** `replicaSets`: the namespace's replica sets matching the deployment's selector. */
export function describeDeployment(
  d: Obj,
  replicaSets: Obj[],
  events: Obj[] | undefined,
  now: number,
): string {
  const w = new DescribeWriter();
  const metadata = asObj(d.metadata);
  const spec = asObj(d.spec);
  const status = asObj(d.status);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(metadata.creationTimestamp)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  w.write(
    0,
    `Replicas:\t${num(spec.replicas)} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | ${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable\n`,
  );
  const strategy = asObj(spec.strategy);
  w.write(0, `StrategyType:\t${clean(strategy.type)}\n`);
  w.write(0, `MinReadySeconds:\t${num(spec.minReadySeconds)}\n`);
  if (strategy.rollingUpdate !== undefined) {
    const ru = asObj(strategy.rollingUpdate);
    w.write(
      0,
      `RollingUpdateStrategy:\t${clean(goString(ru.maxUnavailable))} max unavailable, ${clean(goString(ru.maxSurge))} max surge\n`,
    );
  }
  writePodTemplate(w, asObj(spec.template));
  writeConditions(w, asList(status.conditions));
  const uid = metadata.uid;
  const owned = replicaSets.filter((rs) =>
    asList(asObj(rs.metadata).ownerReferences).some(
      (ref) => ref.controller === true && ref.uid === uid,
    ),
  );
  // The new one is the oldest with the deployment's template; the old ones keep list order.
  const byAge = [...owned].sort(
    (a, b) =>
      Date.parse(str(asObj(a.metadata).creationTimestamp)) -
      Date.parse(str(asObj(b.metadata).creationTimestamp)),
  );
  const newRs = byAge.find((rs) => sameTemplate(rs, d));
  const old = owned.filter((rs) => rs !== newRs);
  if (old.length > 0 || newRs) {
    w.write(0, `OldReplicaSets:\t${rsSummary(old)}\n`);
    if (newRs) w.write(0, `NewReplicaSet:\t${rsSummary([newRs])}\n`);
  }
  writeEvents(w, events, now);
  return w.toString();
}

/** getPodStatusForController: the phases of the pods the controller owns. */
export function podPhaseCounts(pods: Obj[], uid: unknown): string {
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const pod of pods) {
    const owners = asList(asObj(pod.metadata).ownerReferences);
    if (!owners.some((ref) => ref.controller === true && ref.uid === uid)) continue;
    const phase = str(asObj(pod.status).phase);
    if (Object.hasOwn(counts, phase)) counts[phase as keyof typeof counts]++;
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

/** `pods`: the namespace's pods matching the replica set's selector. */
export function describeReplicaSet(
  rs: Obj,
  pods: Obj[],
  events: Obj[] | undefined,
  now: number,
): string {
  const w = new DescribeWriter();
  const metadata = asObj(rs.metadata);
  const spec = asObj(rs.spec);
  const status = asObj(rs.status);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  const controller = controllerOf(metadata);
  if (controller !== '') w.write(0, `Controlled By:\t${controller}\n`);
  w.write(0, `Replicas:\t${num(status.replicas)} current / ${num(spec.replicas)} desired\n`);
  w.write(0, `Pods Status:\t${podPhaseCounts(pods, metadata.uid)}\n`);
  writePodTemplate(w, asObj(spec.template));
  writeConditions(w, asList(status.conditions));
  writeEvents(w, events, now);
  return w.toString();
}
