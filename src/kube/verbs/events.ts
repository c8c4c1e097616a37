/**
 * `kubectl events [-n NS | -A] [--for TYPE/NAME] [--types Normal,Warning] [-o name]`: core v1
 * Events listed in chunks of 500, filtered by type on the client, ordered by time with Go's
 * (unstable) sort.Sort exactly as kubectl orders them, and printed as kubectl's event table
 * (LAST SEEN with "(xN over AGE)", OBJECT as Kind/name).
 */
import { EXIT } from '../../common/exit-codes.js';
import { humanDuration } from '../../common/human-duration.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, usageError } from '../errors.js';
import { flagBool, flagInt, flagValue, flagValues, requireHandled } from '../flags.js';
import { tabwrite } from '../printers/tabwriter.js';
import { printYaml } from '../printers/yaml.js';
import { findResource, resourcePath } from '../resolve.js';
import { resolveTarget, type VerbContext } from './context.js';
import { orderedJson } from './config-view.js';
import { goSort } from './go-sort.js';

/** The flags `events` implements (besides the global ones). */
export const EVENTS_FLAGS = [
  'all-namespaces',
  'for',
  'types',
  'output',
  'no-headers',
  'chunk-size',
] as const;

interface Event {
  metadata?: { name?: string; namespace?: string };
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
}

const ms = (time: string | null | undefined): number | undefined =>
  time ? Date.parse(time) : undefined;

/** kubectl's eventTime(): the series' last observation, else lastTimestamp, else eventTime. */
function sortTime(event: Event): number {
  return (
    (event.series ? ms(event.series.lastObservedTime) : undefined) ??
    ms(event.lastTimestamp) ??
    ms(event.eventTime) ??
    Number.NEGATIVE_INFINITY
  );
}

function since(time: number | undefined, now: number): string {
  return time === undefined ? '<unknown>' : humanDuration(now - time);
}

/** kubectl's getInterval: "AGE", or "AGE (xN over FIRST)" for repeated events. */
function interval(event: Event, now: number): string {
  const first = since(ms(event.eventTime) ?? ms(event.firstTimestamp), now);
  if (event.series) {
    return `${since(ms(event.series.lastObservedTime), now)} (x${event.series.count ?? 0} over ${first})`;
  }
  if ((event.count ?? 0) > 1)
    return `${since(ms(event.lastTimestamp), now)} (x${event.count} over ${first})`;
  return first;
}

export async function events(ctx: VerbContext): Promise<number> {
  const { inv, output, config } = ctx;
  requireHandled(inv, EVENTS_FLAGS);
  if ((inv.args ?? []).length > 0)
    throw usageError(
      `unknown command "${stripControlLine((inv.args ?? [])[0] ?? '')}" for "kubectl events"`,
    );
  const types = flagValues(inv, 'types')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const type of types) {
    if (!/^(normal|warning)$/i.test(type)) throw usageError('valid --types are Normal or Warning');
  }
  const format = inv.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(format)) {
    throw new KubeError(`iddio: events -o ${stripControlLine(format)} is not supported yet`, {
      code: 'not-supported',
      exitCode: EXIT.usage,
    });
  }
  const all = inv.allNamespaces === true;
  const eventsTarget = inv.targets.find((t) => t.resource === 'events' && t.group === '');
  if (!eventsTarget) throw usageError('events could not be resolved');
  const [resource] = await resolveTarget(ctx, { ...eventsTarget, names: [] });
  if (!resource) throw usageError('events could not be resolved');

  let fieldSelector: string | undefined;
  const forObject = flagValue(inv, 'for');
  if (forObject !== undefined && forObject !== '') {
    const tokens = forObject.split('/');
    if (tokens.length !== 2) throw usageError(`--for must be in resource/name form`);
    const found = findResource(await ctx.discovery.get(), { resource: tokens[0] as string });
    if (!found)
      throw new KubeError(
        `error: the server doesn't have a resource type "${stripControlLine(tokens[0] as string)}"`,
        { code: 'unknown-resource' },
      );
    fieldSelector = `involvedObject.kind=${found.kind},involvedObject.name=${tokens[1]}`;
  }

  const items: Event[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.client.json<{ items?: Event[]; metadata?: { continue?: string } }>({
      path: resourcePath(resource, all ? undefined : config.namespace),
      query: { limit: String(flagInt(inv, 'chunk-size') ?? 500), fieldSelector, continue: token },
    });
    items.push(...(page.items ?? []));
    token = page.metadata?.continue || undefined;
  } while (token);

  const wanted = new Set(types.map((t) => t.toLowerCase()));
  const shown = items.filter((e) => wanted.size === 0 || wanted.has((e.type ?? '').toLowerCase()));
  if (shown.length === 0) {
    output.err(
      all
        ? 'No events found.\n'
        : `No events found in ${stripControlLine(config.namespace)} namespace.\n`,
    );
    return EXIT.ok;
  }
  goSort(shown, (a, b) => sortTime(a) < sortTime(b));
  if (format === 'json' || format === 'yaml') {
    const list = {
      kind: 'EventList',
      apiVersion: 'v1',
      metadata: {},
      items: shown.map(typedEvent),
    };
    output.out(format === 'json' ? `${orderedJson(list)}\n` : printYaml(list));
    return EXIT.ok;
  }
  // kubectl 1.32's name printer prints nothing for the EventList it builds (its items carry
  // no kind the printer recognises), so neither does iddio.
  if (format === 'name') return EXIT.ok;
  const now = ctx.now();
  const rows: string[][] = [];
  if (!flagBool(inv, 'no-headers'))
    rows.push([...(all ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  for (const e of shown) {
    rows.push([
      ...(all ? [stripControlLine(e.metadata?.namespace ?? '')] : []),
      interval(e, now),
      stripControlLine(e.type ?? ''),
      stripControlLine(e.reason ?? ''),
      `${stripControlLine(e.involvedObject?.kind ?? '')}/${stripControlLine(e.involvedObject?.name ?? '')}`,
      stripControlLine((e.message ?? '').trim()),
    ]);
  }
  output.out(tabwrite(rows));
  return EXIT.ok;
}

type Obj = Record<string, unknown>;

/** Go's omitempty: the listed fields, in order, without empty values; `always` ones even when empty. */
function pick(source: unknown, fields: string[], always: Record<string, unknown> = {}): Obj {
  const from = (source ?? {}) as Obj;
  const out: Obj = {};
  for (const field of fields) {
    const value = from[field];
    const empty =
      value === undefined ||
      value === null ||
      value === '' ||
      value === 0 ||
      value === false ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
    if (!empty) out[field] = value;
    else if (field in always) out[field] = always[field];
  }
  return out;
}

const META = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];
const REF = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** The Event as kubectl's typed corev1.Event marshals: struct field order, Go's omitempty. */
function typedEvent(event: Event): Obj {
  const e = event as Obj;
  const out: Obj = {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: pick(e.metadata, META, { creationTimestamp: null }),
    involvedObject: pick(e.involvedObject, REF),
    ...pick(e, ['reason', 'message']),
    source: pick(e.source, ['component', 'host']),
    firstTimestamp: e.firstTimestamp ?? null,
    lastTimestamp: e.lastTimestamp ?? null,
    ...pick(e, ['count', 'type']),
    eventTime: e.eventTime ?? null,
  };
  if (e.series)
    out.series = pick(e.series, ['count', 'lastObservedTime'], { lastObservedTime: null });
  Object.assign(out, pick(e, ['action']));
  if (e.related) out.related = pick(e.related, REF);
  out.reportingComponent = e.reportingComponent ?? '';
  out.reportingInstance = e.reportingInstance ?? '';
  return out;
}
