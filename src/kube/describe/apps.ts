/** Stateful sets and daemon sets as kubectl describes them. */
import { writePodTemplate } from './containers.js';
import { writeEvents } from './events.js';
import { podPhaseCounts } from './workloads.js';
import {
  DescribeWriter,
  asList,
  asObj,
  asStrings,
  clean,
  formatLabelSelector,
  formatLabels,
  goString,
  num,
  rfc1123z,
  str,
  writeAnnotations,
  writeLabels,
  type Obj,
} from './writer.js';

/** labels.Selector.String() of a label selector: "" when it selects everything. */
const selectorText = (selector: unknown): string => {
  const text = formatLabelSelector(selector);
  return text === '<none>' ? '' : text;
};

function writeClaimTemplates(w: DescribeWriter, templates: Obj[]): void {
  if (templates.length === 0) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const pvc of templates) {
    const metadata = asObj(pvc.metadata);
    const spec = asObj(pvc.spec);
    const storageClass =
      str(spec.storageClassName) ||
      str(asObj(metadata.annotations)['volume.beta.kubernetes.io/storage-class']);
    w.write(1, `Name:\t${clean(metadata.name)}\n`);
    w.write(1, `StorageClass:\t${clean(storageClass)}\n`);
    // kubectl prints a claim template's annotations in the k=v form of labels.
    writeLabels(w, 'Labels', metadata.labels, '  ');
    writeLabels(w, 'Annotations', metadata.annotations, '  ');
    const storage = asObj(asObj(spec.resources).requests).storage;
    w.write(1, `Capacity:\t${storage === undefined ? '<default>' : clean(goString(storage))}\n`);
    w.write(1, `Access Modes:\t[${clean(asStrings(spec.accessModes).join(' '))}]\n`);
  }
}

export function describeStatefulSet(
  sts: Obj,
  pods: Obj[],
  events: Obj[] | undefined,
  now: number,
): string {
  const w = new DescribeWriter();
  const metadata = asObj(sts.metadata);
  const spec = asObj(sts.spec);
  const status = asObj(sts.status);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(metadata.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${selectorText(spec.selector)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  w.write(0, `Replicas:\t${num(spec.replicas)} desired | ${num(status.replicas)} total\n`);
  const strategy = asObj(spec.updateStrategy);
  w.write(0, `Update Strategy:\t${clean(strategy.type)}\n`);
  if (strategy.rollingUpdate !== undefined) {
    const ru = asObj(strategy.rollingUpdate);
    if (ru.partition !== undefined) {
      w.write(1, `Partition:\t${num(ru.partition)}\n`);
      if (ru.maxUnavailable !== undefined)
        w.write(1, `MaxUnavailable:\t${clean(goString(ru.maxUnavailable))}\n`);
    }
  }
  w.write(0, `Pods Status:\t${podPhaseCounts(pods, metadata.uid)}\n`);
  writePodTemplate(w, asObj(spec.template));
  writeClaimTemplates(w, asList(spec.volumeClaimTemplates));
  writeEvents(w, events, now);
  return w.toString();
}

export function describeDaemonSet(
  ds: Obj,
  pods: Obj[],
  events: Obj[] | undefined,
  now: number,
): string {
  const w = new DescribeWriter();
  const metadata = asObj(ds.metadata);
  const spec = asObj(ds.spec);
  const status = asObj(ds.status);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Selector:\t${selectorText(spec.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(asObj(asObj(spec.template).spec).nodeSelector)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  // These five lines have no tab in kubectl, so they stay out of the column alignment.
  w.write(0, `Desired Number of Nodes Scheduled: ${num(status.desiredNumberScheduled)}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${num(status.currentNumberScheduled)}\n`);
  w.write(
    0,
    `Number of Nodes Scheduled with Up-to-date Pods: ${num(status.updatedNumberScheduled)}\n`,
  );
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${num(status.numberAvailable)}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${num(status.numberMisscheduled)}\n`);
  w.write(0, `Pods Status:\t${podPhaseCounts(pods, metadata.uid)}\n`);
  writePodTemplate(w, asObj(spec.template));
  writeEvents(w, events, now);
  return w.toString();
}
