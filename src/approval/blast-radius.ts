/**
 * The blast radius of a delete or scale: how many objects it will touch, counted with a T0
 * read (GET each named object, or LIST what a selector picks) before the human is asked.
 * The reads go through the executor's client with the command's request ID, so they appear
 * in the cluster's audit log next to the command's own requests. A read that fails or takes
 * too long leaves the radius "not counted" — it never blocks or decides the approval.
 */
import { Writable } from 'node:stream';
import type { Invocation } from '../kubectl/invocation.js';
import type { SelectedConfig } from '../kube/kubeconfig.js';
import type { ApiRequest } from '../kube/types.js';
import type { BlastRadius } from './types.js';

export interface BlastContext {
  requestId: string;
  agent: string;
  version: string;
  env: Record<string, string | undefined>;
  cacheDir: string;
  /** The kubeconfig selection the command was decided on; read afresh only when absent. */
  config?: SelectedConfig;
  /** Give up after this long; default 5 s. */
  timeoutMs?: number;
  /** Give up at once when this aborts (Ctrl-C). */
  signal?: AbortSignal;
}

export interface BlastResult {
  radius?: BlastRadius;
  /** The HTTP requests the count made (with their Audit-IDs), for the record. */
  apiRequests: ApiRequest[];
}

const COUNTED_VERBS = new Set(['delete', 'scale']);
const MAX_LISTED = 5;

export function wantsBlastRadius(invocation: Invocation): boolean {
  return COUNTED_VERBS.has(invocation.verb) && invocation.targets.length > 0;
}

export async function measureBlastRadius(
  invocation: Invocation,
  context: BlastContext,
): Promise<BlastResult> {
  if (!wantsBlastRadius(invocation)) return { apiRequests: [] };
  // Once the race below is decided the count must go quiet: a request sent after we return
  // would be on nobody's record and could take an Audit-ID the executor hands out next.
  const halt = new AbortController();
  const sent: { requests: readonly ApiRequest[] } = { requests: [] };
  const counted = count(invocation, context, halt.signal, sent).catch(
    (error: unknown): BlastRadius => ({
      objects: null,
      summary: `not counted (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'read failed'})`,
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<BlastRadius>((resolve) => {
    timer = setTimeout(
      () => resolve({ objects: null, summary: 'not counted (the read took too long)' }),
      context.timeoutMs ?? 5_000,
    );
  });
  let stop: (() => void) | undefined;
  const stopped = new Promise<BlastRadius>((resolve) => {
    stop = (): void => resolve({ objects: null, summary: 'not counted (interrupted)' });
    if (context.signal?.aborted) stop();
    context.signal?.addEventListener('abort', stop, { once: true });
  });
  const radius = await Promise.race([counted, late, stopped]);
  halt.abort();
  clearTimeout(timer);
  if (stop) context.signal?.removeEventListener('abort', stop);
  // Every request the count sent, answered or still in flight, keeps its Audit-ID on record.
  return { radius, apiRequests: sent.requests.map((r) => ({ ...r })) };
}

/** Thrown into the count when it has been abandoned; never shown (the race is over). */
class CountHalted extends Error {
  constructor() {
    super('the count was abandoned');
  }
}

async function count(
  invocation: Invocation,
  context: BlastContext,
  halt: AbortSignal,
  sent: { requests: readonly ApiRequest[] },
): Promise<BlastRadius> {
  // The executor's own pieces, loaded only for the commands that need a count.
  const [
    { createClient },
    { DiscoverySource },
    { loadSelectedConfig },
    { Output },
    objects,
    flags,
  ] = await Promise.all([
    import('../kube/connect.js'),
    import('../kube/discovery.js'),
    import('../kube/kubeconfig.js'),
    import('../kube/output.js'),
    import('../kube/verbs/objects.js'),
    import('../kube/flags.js'),
  ]);
  const config = context.config ?? loadSelectedConfig(invocation, context.env);
  if (halt.aborted) throw new CountHalted();
  const client = await createClient(config, {
    requestId: context.requestId,
    agent: context.agent,
    version: context.version,
  });
  if (halt.aborted) throw new CountHalted();
  sent.requests = client.requests;
  // Every request goes through send or stream: refuse both once the count is abandoned, and
  // cut a stream that is open (send has no signal; its request is already on record).
  const send = client.send.bind(client);
  const stream = client.stream.bind(client);
  client.send = (request) => (halt.aborted ? Promise.reject(new CountHalted()) : send(request));
  client.stream = (request, onData, signal) =>
    halt.aborted
      ? Promise.reject(new CountHalted())
      : stream(request, onData, signal ? AbortSignal.any([signal, halt]) : halt);
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  try {
    const { objects: found, errors } = await objects.visitObjects(
      {
        inv: invocation,
        client,
        discovery: new DiscoverySource(client, context.cacheDir, Date.now),
        config,
        output: new Output(sink, sink),
        now: Date.now,
      },
      { verb: invocation.verb, ignoreNotFound: true },
    );
    const names = found.map((v) => objects.displayName(v));
    const listed =
      names.slice(0, MAX_LISTED).join(', ') +
      (names.length > MAX_LISTED ? `, and ${names.length - MAX_LISTED} more` : '');
    const noun = found.length === 1 ? 'object' : 'objects';
    let summary = `${found.length} ${noun}${found.length > 0 ? `: ${listed}` : ' (nothing named exists)'}`;
    if (invocation.verb === 'scale') {
      // The number that will be applied, as pflag reads it ("010" is 8), not the text typed.
      const target = flags.flagInt(invocation, 'replicas') ?? '?';
      const current = found.map((v) => {
        const spec = (v.object.spec ?? {}) as { replicas?: unknown };
        return typeof spec.replicas === 'number' ? spec.replicas : 0;
      });
      if (current.length > 0) summary += `; replicas ${current.join(', ')} → ${target}`;
    } else {
      const owned = found.reduce((sum, v) => {
        const status = (v.object.status ?? {}) as { replicas?: unknown };
        return sum + (typeof status.replicas === 'number' ? status.replicas : 0);
      }, 0);
      if (owned > 0) summary += `; with ${owned} pod${owned === 1 ? '' : 's'} they own (cascade)`;
    }
    if (errors.length > 0) summary += `; some could not be read`;
    return { objects: found.length, summary };
  } finally {
    sink.destroy();
  }
}
