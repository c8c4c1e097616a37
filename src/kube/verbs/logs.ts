/**
 * `kubectl logs POD`, `kubectl logs TYPE/NAME` (deployment, replicaset, statefulset, job,
 * service…: the pod is picked as kubectl picks one) and `kubectl logs -l SELECTOR`. -c,
 * --all-containers, --all-pods, --prefix, --tail (10 by default with a selector), --since,
 * --since-time, -p/--previous, --timestamps, --limit-bytes, -f (several streams at once, up to
 * --max-log-requests), --ignore-errors. Streams are read one after the other in kubectl's
 * usual order (kubectl walks a Go map, so its order can vary from run to run). Log text comes
 * from the workload, so terminal control sequences are stripped (newlines and tabs kept) —
 * kubectl prints them raw.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControl, stripControlLine } from '../../common/sanitize.js';
import { apiError, KubeError, statusOf, usageError } from '../errors.js';
import {
  flagBool,
  flagDurationMs,
  flagInt,
  flagValue,
  HANDLED_FLAGS,
  requireHandled,
} from '../flags.js';
import { resourcePath } from '../resolve.js';
import { resolveTarget, type VerbContext } from './context.js';
import { streamsOfPod, type LogStream, type Obj, type Picking, type Pod } from './logs-pods.js';
import { podsOfWorkload } from './logs-workload.js';
import { parseSinceTime } from './logs-since-time.js';

/** kubectl logs reads its target through a builder whose errors read "error from server … in namespace". */
async function getTarget<T>(ctx: VerbContext, path: string, namespace: string): Promise<T> {
  try {
    return await ctx.client.json<T>({ path });
  } catch (error) {
    const status = statusOf(error);
    if (!status?.reason) throw error;
    throw new KubeError(
      `error: error from server (${stripControlLine(status.reason)}): ${stripControlLine(status.message ?? '')} in namespace "${stripControlLine(namespace)}"`,
      { code: 'api-status' },
    );
  }
}

const USAGE =
  "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

/** Writes a stream's bytes line by line, each line prefixed when asked (as kubectl's prefixingWriter). */
function lineWriter(
  ctx: VerbContext,
  prefix: string,
): { push: (b: Buffer) => void; end: () => void } {
  // The chunks of a line not yet ended: only each new chunk is searched for a newline, so one
  // very long line costs linear time, not quadratic.
  let pending: Buffer[] = [];
  const write = (bytes: Buffer): void => {
    if (bytes.length > 0) ctx.output.out(prefix + stripControl(bytes.toString('utf8')));
  };
  return {
    push(chunk) {
      let cut = chunk.indexOf(10);
      while (cut >= 0) {
        write(Buffer.concat([...pending, chunk.subarray(0, cut + 1)]));
        pending = [];
        chunk = chunk.subarray(cut + 1);
        cut = chunk.indexOf(10);
      }
      if (chunk.length > 0) pending.push(chunk);
    },
    end() {
      write(Buffer.concat(pending));
      pending = [];
    },
  };
}

interface Reading {
  query: Record<string, string | undefined>;
  prefix: boolean;
  ignoreErrors: boolean;
}

/** Reads one stream to its end (or the abort); a failed request is kubectl's error, or with --ignore-errors a line on stdout. */
async function readStream(
  ctx: VerbContext,
  stream: LogStream,
  reading: Reading,
  signal: AbortSignal | undefined,
): Promise<{ aborted: boolean; error?: KubeError }> {
  const prefix = reading.prefix
    ? `[pod/${stripControlLine(stream.pod)}/${stripControlLine(stream.container)}] `
    : '';
  const writer = lineWriter(ctx, prefix);
  const response = await ctx.client.stream(
    {
      path: `/api/v1/namespaces/${encodeURIComponent(stream.namespace)}/pods/${encodeURIComponent(stream.pod)}/log`,
      query: { ...reading.query, container: stream.container },
      accept: '*/*',
    },
    (chunk) => writer.push(chunk),
    signal,
  );
  writer.end();
  if (response.status !== 0 && (response.status < 200 || response.status > 299)) {
    const error = apiError(response.status, response.body);
    if (!reading.ignoreErrors) return { aborted: false, error };
    ctx.output.out(`error: ${stripControlLine(statusOf(error)?.message ?? '')}\n`);
  }
  return { aborted: response.aborted };
}

/** One stream after another; with -f and several streams, all at once (kubectl's parallelConsumeRequest). */
async function readAll(
  ctx: VerbContext,
  streams: LogStream[],
  reading: Reading,
  parallel: boolean,
): Promise<number> {
  if (!parallel) {
    for (const stream of streams) {
      const result = await readStream(ctx, stream, reading, ctx.signal);
      if (result.error) throw result.error;
      if (result.aborted) return EXIT.interrupted;
    }
    return ctx.signal?.aborted ? EXIT.interrupted : EXIT.ok;
  }
  // The first failure (without --ignore-errors) ends every other stream, as kubectl's pipe does.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let failure: KubeError | undefined;
  try {
    await Promise.all(
      streams.map(async (stream) => {
        const result = await readStream(ctx, stream, reading, stop.signal);
        if (result.error && !failure) {
          failure = result.error;
          stop.abort();
        }
      }),
    );
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure;
  return ctx.signal?.aborted ? EXIT.interrupted : EXIT.ok;
}

export async function logs(ctx: VerbContext): Promise<number> {
  const { inv, output, config } = ctx;
  requireHandled(inv, HANDLED_FLAGS.logs);
  const args = inv.args ?? [];
  const selector = inv.selector ?? '';
  // Complete: the arguments, then the log options, then the object.
  if ((args.length === 0 && selector === '') || args.length > 2) throw usageError(USAGE);
  if (args.length === 1 && selector !== '')
    throw usageError(
      "only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples",
    );
  const containerFlag = flagValue(inv, 'container');
  const pick: Picking = {
    // `kubectl logs POD CONTAINER`: the second argument names the container.
    container: (args.length === 2 ? args[1] : containerFlag) ?? '',
    allContainers: flagBool(inv, 'all-containers'),
    allPods: flagBool(inv, 'all-pods'),
    timeoutMs: flagDurationMs(inv, 'pod-running-timeout') ?? 20_000,
    err: (text) => output.err(text),
  };
  if (pick.timeoutMs <= 0) throw usageError('--pod-running-timeout must be higher than zero');
  const query: Record<string, string | undefined> = {};
  if (flagBool(inv, 'follow')) query.follow = 'true';
  if (flagBool(inv, 'previous')) query.previous = 'true';
  if (flagBool(inv, 'timestamps')) query.timestamps = 'true';
  const sinceTime = flagValue(inv, 'since-time');
  if (sinceTime !== undefined && sinceTime !== '') {
    const parsed = parseSinceTime(sinceTime);
    if (!parsed.ok) throw usageError(stripControlLine(parsed.error));
    query.sinceTime = parsed.query;
  }
  const limit = flagInt(inv, 'limit-bytes') ?? 0;
  if (limit !== 0) query.limitBytes = String(limit);
  const sinceMs = flagDurationMs(inv, 'since') ?? 0;
  // time.Duration.Round(time.Second): halves away from zero.
  const sinceSeconds = Math.sign(sinceMs) * Math.round(Math.abs(sinceMs) / 1000);
  if (sinceMs !== 0) query.sinceSeconds = String(sinceSeconds);
  const tail = flagInt(inv, 'tail') ?? -1;
  const tailLines = selector !== '' && flagValue(inv, 'tail') === undefined ? 10 : tail;
  if (tailLines !== -1) query.tailLines = String(tailLines);

  const namespace = config.namespace;
  let streamsOf: () => Promise<LogStream[]>;
  if (selector !== '') {
    if (args.length === 2)
      throw new KubeError(
        'error: selectors and the all flag cannot be used when passing resource/name arguments',
        { code: 'usage' },
      );
    const list = await ctx.client.json<{ items?: Pod[] }>({
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      query: { labelSelector: selector },
    });
    const pods = list.items ?? [];
    if (pods.length === 0)
      output.err(`No resources found in ${stripControlLine(namespace)} namespace.\n`);
    streamsOf = async () => pods.flatMap((pod) => streamsOfPod(pod, pick));
  } else {
    const target = inv.targets[0];
    const names = target?.names ?? [];
    if (!target || names.length !== 1 || inv.targets.length > 1)
      throw usageError('expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) after logs');
    const [resource] = await resolveTarget(ctx, target);
    if (!resource)
      throw usageError('expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) after logs');
    const name = names[0] as string;
    const path = resourcePath(resource, namespace, name);
    if (resource.group === '' && resource.name === 'pods') {
      const pod = await getTarget<Pod>(ctx, path, namespace);
      streamsOf = async () => streamsOfPod(pod, pick);
    } else {
      const object = await getTarget<Obj>(ctx, path, namespace);
      streamsOf = async () =>
        (await podsOfWorkload(ctx, object, resource, pick)).flatMap((pod) =>
          streamsOfPod(pod, pick),
        );
    }
  }

  // Validate.
  if (sinceTime !== undefined && sinceTime !== '' && sinceMs !== 0)
    throw usageError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (pick.allContainers && pick.container !== '')
    throw usageError(
      `--all-containers=true should not be specified with container name ${stripControlLine(pick.container)}`,
    );
  if (containerFlag !== undefined && args.length === 2)
    throw usageError('only one of -c or an inline [CONTAINER] arg is allowed');
  if (limit < 0) throw usageError('--limit-bytes must be greater than 0');
  if (sinceMs !== 0 && sinceSeconds < 0) throw usageError('--since must be greater than 0');
  if (tailLines < -1) throw usageError('--tail must be greater than or equal to -1');

  const streams = await streamsOf();
  const follow = query.follow === 'true';
  const max = flagInt(inv, 'max-log-requests') ?? 5;
  if (follow && streams.length > 1 && streams.length > max)
    throw usageError(
      `you are attempting to follow ${streams.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
    );
  const reading: Reading = {
    query,
    prefix: flagBool(inv, 'prefix') || pick.allPods,
    ignoreErrors: flagBool(inv, 'ignore-errors'),
  };
  return readAll(ctx, streams, reading, follow && streams.length > 1);
}
