/** Jobs as kubectl describes them. */
import { humanDuration } from '../../common/human-duration.js';
import { writePodTemplate } from './containers.js';
import { writeEvents } from './events.js';
import {
  DescribeWriter,
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

const has = (record: Obj, key: string): boolean =>
  record[key] !== undefined && record[key] !== null;

/** Undefined for the Indexed completion mode, whose index lists iddio does not render yet. */
export function describeJob(job: Obj, events: Obj[] | undefined, now: number): string | undefined {
  const metadata = asObj(job.metadata);
  const spec = asObj(job.spec);
  const status = asObj(job.status);
  if (str(spec.completionMode) === 'Indexed') return undefined;
  const w = new DescribeWriter();
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  // labels.Selector.String(): an empty selector prints nothing, not "<none>".
  const selector = formatLabelSelector(spec.selector);
  w.write(0, `Selector:\t${selector === '<none>' ? '' : selector}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
  const controller = controllerOf(metadata);
  if (controller !== '') w.write(0, `Controlled By:\t${controller}\n`);
  if (has(spec, 'parallelism')) w.write(0, `Parallelism:\t${num(spec.parallelism)}\n`);
  w.write(
    0,
    has(spec, 'completions')
      ? `Completions:\t${num(spec.completions)}\n`
      : 'Completions:\t<unset>\n',
  );
  if (has(spec, 'completionMode')) w.write(0, `Completion Mode:\t${clean(spec.completionMode)}\n`);
  if (has(spec, 'suspend')) w.write(0, `Suspend:\t${goString(spec.suspend)}\n`);
  if (has(spec, 'backoffLimit')) w.write(0, `Backoff Limit:\t${num(spec.backoffLimit)}\n`);
  if (has(spec, 'ttlSecondsAfterFinished'))
    w.write(0, `TTL Seconds After Finished:\t${num(spec.ttlSecondsAfterFinished)}\n`);
  if (has(status, 'startTime')) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  if (has(status, 'completionTime'))
    w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
  if (has(status, 'startTime') && has(status, 'completionTime')) {
    const ms = Date.parse(str(status.completionTime)) - Date.parse(str(status.startTime));
    w.write(0, `Duration:\t${humanDuration(ms)}\n`);
  }
  if (has(spec, 'activeDeadlineSeconds'))
    w.write(0, `Active Deadline Seconds:\t${num(spec.activeDeadlineSeconds)}s\n`);
  const counts = `${num(status.active)} Active`;
  const rest = `${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed`;
  w.write(
    0,
    has(status, 'ready')
      ? `Pods Statuses:\t${counts} (${num(status.ready)} Ready) / ${rest}\n`
      : `Pods Statuses:\t${counts} / ${rest}\n`,
  );
  writePodTemplate(w, asObj(spec.template));
  writeEvents(w, events, now);
  return w.toString();
}
