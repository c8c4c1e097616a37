/**
 * Watch streams: newline-delimited `{"type","object"}` events from the store, filtered by
 * namespace, name and selectors. With no resourceVersion (or "0") the stream opens with the
 * current objects as ADDED; with a resourceVersion it replays history after it, or answers
 * 410 Expired when history no longer reaches back. Watched as Tables, only the first event
 * carries columnDefinitions (null after it), as the API server's watch encoder sends them.
 */
import { toTable } from '../printers/index.js';
import { ApiError, statusBody } from '../status.js';
import { tableVersion } from '../server/negotiate.js';
import type { StoreEvent } from '../storage.js';
import type { KubeObject } from '../types.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { selectorFilter, storeKey } from './read.js';

const DEFAULT_TIMEOUT_SECONDS = 1800;

/** How to end each open watch stream, across the sandboxes of this process. */
const openStreams = new Set<() => void>();

/**
 * Watches currently subscribed to a store: a test can wait for its watchers to be listening
 * before it changes anything, so every watcher sees the same events in the same order.
 */
export function openWatches(): number {
  return openStreams.size;
}

/**
 * Ends every open watch stream cleanly, as the API server does when a watch's timeout is up
 * (events already written are delivered first); returns how many were ended.
 */
export function closeWatches(): number {
  const ends = [...openStreams];
  for (const end of ends) end();
  return ends.length;
}

export function handleWatch(ctx: HandlerContext): HandlerResult {
  const { def, info, state, query, res } = ctx;
  const key = storeKey(def);
  const matches = selectorFilter(def, query);
  const inScope = (o: KubeObject): boolean =>
    (!def.namespaced || info.namespace === undefined || o.metadata.namespace === info.namespace) &&
    (info.name === undefined || o.metadata.name === info.name) &&
    matches(o);
  const table = tableVersion(ctx.accept);
  const includeObject =
    query.get('includeObject') === 'None'
      ? 'None'
      : query.get('includeObject') === 'Object'
        ? 'Object'
        : 'Metadata';
  let headersSent = false;
  const render = (object: KubeObject): unknown => {
    if (!table) return object;
    const rendered: Record<string, unknown> = {
      ...toTable(def.kind, def.group, [object], { includeObject, now: state.now() }),
      apiVersion: `meta.k8s.io/${table}`,
    };
    const columns = headersSent ? null : rendered.columnDefinitions;
    headersSent = true;
    return { ...rendered, columnDefinitions: columns };
  };

  const rvText = query.get('resourceVersion') ?? '';
  let backlog: { type: string; object: unknown }[];
  if (rvText === '' || rvText === '0') {
    backlog = state.store
      .list(key, def.namespaced ? info.namespace : undefined)
      .filter(inScope)
      .map((o) => ({ type: 'ADDED', object: render(o) }));
  } else {
    const rv = Number.parseInt(rvText, 10);
    if (!Number.isFinite(rv) || rv < 0 || String(rv) !== rvText)
      throw new ApiError('BadRequest', `invalid resource version: ${rvText}`);
    const history = state.store.since(key, rv);
    if (!history) {
      backlog = [
        {
          type: 'ERROR',
          object: statusBody(
            'Expired',
            410,
            `too old resource version: ${rv} (${state.store.oldestResumable})`,
          ),
        },
      ];
    } else {
      backlog = history
        .filter((e) => inScope(e.object))
        .map((e) => ({ type: e.type, object: render(e.object) }));
    }
  }
  if (query.get('sendInitialEvents') === 'true' && query.get('allowWatchBookmarks') === 'true') {
    backlog.push({
      type: 'BOOKMARK',
      object: {
        kind: def.kind,
        apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
        metadata: {
          resourceVersion: String(state.store.currentRevision),
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      },
    });
  }

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  // Send headers now: a watch with nothing to report yet must still look started.
  res.flushHeaders();
  const send = (event: { type: string; object: unknown }): void => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  };
  for (const event of backlog) send(event);
  if (backlog[0]?.type === 'ERROR') {
    res.end();
    return { streamed: true };
  }
  // Which objects this watcher currently sees, so an object that stops (or starts) matching
  // the selectors arrives as DELETED (or ADDED), as the API server's watch cache reports it.
  const idOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const visible = new Set(state.store.list(key).filter(inScope).map(idOf));
  const end = (): void => {
    res.end();
  };
  openStreams.add(end);
  const unsubscribe = state.store.subscribe((event: StoreEvent) => {
    if (event.resourceKey !== key) return;
    const id = idOf(event.object);
    const was = visible.has(id);
    const now = event.type !== 'DELETED' && inScope(event.object);
    if (now) visible.add(id);
    else visible.delete(id);
    if (!was && !now) return;
    const type = !now ? 'DELETED' : !was ? 'ADDED' : event.type;
    send({ type, object: render(event.object) });
  });
  const timeoutText = query.get('timeoutSeconds');
  const timeout =
    timeoutText && /^\d+$/.test(timeoutText) ? Number(timeoutText) : DEFAULT_TIMEOUT_SECONDS;
  const timer = setTimeout(end, timeout * 1000);
  const finish = (): void => {
    openStreams.delete(end);
    clearTimeout(timer);
    unsubscribe();
  };
  res.on('close', finish);
  res.on('finish', finish);
  return { streamed: true };
}
