/**
 * pods/log: deterministic container output. Every container has the same shape of log: N lines
 * whose text depends only on the pod, container and line number, stamped at 30-second steps
 * ending at "now" — so `--tail`, `--since` and `--timestamps` give predictable results, and
 * `--follow` appends a line a second until the client goes away.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from './status.js';
import type { KubeObject } from './types.js';

export const LOG_LINES = 20;
const STEP_MS = 30_000;
const FOLLOW_MS = 1_000;

const MESSAGES = [
  'starting',
  'loaded configuration',
  'listening on :8080',
  'GET /healthz 200',
  'GET /api/v1/items 200',
  'POST /api/v1/orders 201',
  'GET /api/v1/items/42 404',
  'cache refreshed',
];

const PREVIOUS = [
  'starting',
  'loaded configuration',
  'connecting to database',
  'fatal: connection refused',
  'exiting with status 1',
];

export interface LogOptions {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  timestamps: boolean;
  previous: boolean;
  follow: boolean;
  limitBytes?: number;
}

function intParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min) {
    throw new ApiError(
      'BadRequest',
      `${name}: Invalid value: ${JSON.stringify(text)}: must be greater than or equal to ${min}`,
    );
  }
  return value;
}

export function readLogOptions(query: URLSearchParams): LogOptions {
  const sinceTimeText = query.get('sinceTime');
  let sinceTime: Date | undefined;
  if (sinceTimeText !== null) {
    sinceTime = new Date(sinceTimeText);
    if (Number.isNaN(sinceTime.getTime()))
      throw new ApiError(
        'BadRequest',
        `sinceTime: Invalid value: "${sinceTimeText}": not an RFC 3339 time`,
      );
  }
  const options: LogOptions = {
    container: query.get('container') ?? undefined,
    tailLines: intParam(query, 'tailLines', 0),
    sinceSeconds: intParam(query, 'sinceSeconds', 1),
    sinceTime,
    timestamps: query.get('timestamps') === 'true',
    previous: query.get('previous') === 'true',
    follow: query.get('follow') === 'true',
    limitBytes: intParam(query, 'limitBytes', 1),
  };
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
    throw new ApiError(
      'BadRequest',
      'at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
  }
  return options;
}

type Obj = Record<string, unknown>;

/** Which container the request is about, with the kubelet's refusals. */
export function pickContainer(pod: KubeObject, options: LogOptions): Obj {
  const name = pod.metadata.name ?? '';
  const spec = (pod.spec ?? {}) as Obj;
  const containers = [
    ...((spec.containers ?? []) as Obj[]),
    ...((spec.initContainers ?? []) as Obj[]),
  ];
  let container: Obj | undefined;
  if (options.container === undefined) {
    const regular = (spec.containers ?? []) as Obj[];
    if (regular.length !== 1) {
      throw new ApiError(
        'BadRequest',
        `a container name must be specified for pod ${name}, choose one of: [${regular.map((c) => String(c.name)).join(' ')}]`,
      );
    }
    container = regular[0];
  } else {
    container = containers.find((c) => c.name === options.container);
    if (!container)
      throw new ApiError(
        'BadRequest',
        `container ${options.container} is not valid for pod ${name}`,
      );
  }
  const cname = String(container?.name);
  const statuses = (((pod.status ?? {}) as Obj).containerStatuses ?? []) as Obj[];
  const status = statuses.find((s) => s.name === cname);
  if (!status)
    throw new ApiError(
      'BadRequest',
      `container "${cname}" in pod "${name}" is waiting to start: ContainerCreating`,
    );
  if (options.previous && !((status.restartCount as number) > 0)) {
    throw new ApiError(
      'BadRequest',
      `previous terminated container "${cname}" in pod "${name}" not found`,
    );
  }
  return container ?? {};
}

export function logLine(pod: string, container: string, seq: number, previous: boolean): string {
  if (previous)
    return `level=info msg="${PREVIOUS[(seq - 1) % PREVIOUS.length]}" pod=${pod} container=${container} seq=${seq}`;
  return `level=info msg="${MESSAGES[(seq - 1) % MESSAGES.length]}" pod=${pod} container=${container} seq=${seq}`;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** The lines a request gets, oldest first, before any --follow. */
export function logLines(
  pod: KubeObject,
  container: string,
  options: LogOptions,
  now: Date,
): string[] {
  const podName = pod.metadata.name ?? '';
  const count = options.previous ? PREVIOUS.length : LOG_LINES;
  const end = options.previous ? now.getTime() - LOG_LINES * STEP_MS : now.getTime();
  let lines: { at: Date; text: string }[] = [];
  for (let seq = 1; seq <= count; seq++) {
    lines.push({
      at: new Date(end - (count - seq) * STEP_MS),
      text: logLine(podName, container, seq, options.previous),
    });
  }
  const since =
    options.sinceTime ??
    (options.sinceSeconds !== undefined
      ? new Date(now.getTime() - options.sinceSeconds * 1000)
      : undefined);
  if (since) lines = lines.filter((l) => l.at.getTime() >= since.getTime());
  if (options.tailLines !== undefined)
    lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
  return lines.map((l) => (options.timestamps ? `${stamp(l.at)} ${l.text}` : l.text));
}

/** Writes the log response; with follow, keeps appending until the client disconnects. */
export function writeLogs(
  res: ServerResponse,
  pod: KubeObject,
  container: string,
  options: LogOptions,
  now: () => Date,
  podExists: () => boolean,
): void {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const emit = (line: string): boolean => {
    const bytes = Buffer.from(`${line}\n`);
    if (budget <= 0) return false;
    res.write(bytes.subarray(0, Math.min(bytes.length, budget)));
    budget -= bytes.length;
    return budget > 0;
  };
  for (const line of logLines(pod, container, options, now())) if (!emit(line)) break;
  if (!options.follow || options.previous || budget <= 0) {
    res.end();
    return;
  }
  let seq = LOG_LINES;
  const timer = setInterval(() => {
    if (!podExists() || res.writableEnded) {
      clearInterval(timer);
      res.end();
      return;
    }
    seq++;
    const text = logLine(pod.metadata.name ?? '', container, seq, false);
    if (!emit(options.timestamps ? `${stamp(now())} ${text}` : text)) {
      clearInterval(timer);
      res.end();
    }
  }, FOLLOW_MS);
  res.on('close', () => clearInterval(timer));
}
