/**
 * The "Events:" section kubectl appends to most kinds: the events whose involvedObject is the
 * described object (found as kubectl's SearchEvents finds them, by field selector), oldest
 * last-seen first, as a tab table — or `Events:\t<none>`.
 */
import type { KubeClient } from '../client.js';
import { asList, asObj, clean, num, since, str, type DescribeWriter, type Obj } from './writer.js';

export interface EventRef {
  kind: string;
  name: string;
  namespace: string;
  uid: string;
}

/** SearchEvents: one LIST, following `continue` pages of kubectl's default chunk size. */
export async function searchEvents(client: KubeClient, ref: EventRef): Promise<Obj[]> {
  const fields = [
    `involvedObject.kind=${ref.kind}`,
    `involvedObject.name=${ref.name}`,
    `involvedObject.namespace=${ref.namespace}`,
  ];
  if (ref.uid !== '') fields.push(`involvedObject.uid=${ref.uid}`);
  const path =
    ref.namespace === '' ? '/api/v1/events' : `/api/v1/namespaces/${ref.namespace}/events`;
  const items: Obj[] = [];
  let next: string | undefined;
  do {
    const list = await client.json<Obj>({
      path,
      query: { fieldSelector: fields.join(','), limit: '500', continue: next },
    });
    items.push(...asList(list.items));
    next = str(asObj(list.metadata).continue) || undefined;
  } while (next);
  return items;
}

/** The ref kubectl builds for an object it describes. */
export function refOf(object: Obj, kind: string): EventRef {
  const metadata = asObj(object.metadata);
  return {
    kind,
    name: str(metadata.name),
    namespace: str(metadata.namespace),
    uid: str(metadata.uid),
  };
}

const lastSeen = (event: Obj): number => {
  const ms = Date.parse(str(event.lastTimestamp));
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
};

/** DescribeEvents. `events` undefined means the section is not printed (--show-events=false). */
export function writeEvents(w: DescribeWriter, events: Obj[] | undefined, now: number): void {
  if (events === undefined) return;
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => lastSeen(a) - lastSeen(b));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const event of sorted) {
    const eventTime = str(event.eventTime);
    const first = eventTime !== '' ? since(eventTime, now) : since(event.firstTimestamp, now);
    const series = event.series === undefined ? undefined : asObj(event.series);
    let interval: string;
    if (series)
      interval = `${since(series.lastObservedTime, now)} (x${num(series.count)} over ${first})`;
    else if (num(event.count) > 1)
      interval = `${since(event.lastTimestamp, now)} (x${num(event.count)} over ${first})`;
    else interval = first;
    const source = str(asObj(event.source).component) || str(event.reportingComponent);
    w.write(
      1,
      `${clean(event.type)}\t${clean(event.reason)}\t${interval}\t${clean(source)}\t${clean(str(event.message).trim())}\n`,
    );
  }
}
