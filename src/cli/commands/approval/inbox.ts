/**
 * `iddio inbox [--watch] [--json]`: pending requests, once or as they arrive. Watching, a
 * request that leaves the inbox is reported too: `expired` when its time ran out, `closed`
 * when it went before that (a human answered, or its command stopped waiting).
 */
import { watch } from 'node:fs';
import { ensureInbox, listRequests } from '../../../approval/inbox.js';
import { inboxJson, renderInboxEntry } from '../../../approval/inbox-view.js';
import { iddioPaths } from '../../env.js';
import { toTerminalJson } from '../../../common/terminal-json.js';

export async function runInbox(options: { watch?: boolean; json?: boolean }): Promise<void> {
  const { inbox } = iddioPaths();
  if (!options.watch) {
    const now = Date.now();
    const pending = listRequests(inbox, now).filter((e) => !e.expired);
    if (options.json) {
      process.stdout.write(`${toTerminalJson(pending.map(inboxJson))}\n`);
    } else if (pending.length === 0) {
      process.stdout.write('no pending requests\n');
    } else {
      process.stdout.write(pending.map((e) => renderInboxEntry(e, now)).join('\n'));
    }
    return;
  }
  ensureInbox(inbox);
  // Shown requests still pending, with their expiry (ms).
  const shown = new Map<string, number>();
  const ended = new Set<string>();
  const end = (id: string, state: 'expired' | 'closed'): void => {
    shown.delete(id);
    ended.add(id);
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ request_id: id, state })}\n`
        : `${id}  ${state === 'expired' ? 'expired: no decision in time' : 'closed: answered, or its command stopped waiting'}\n`,
    );
  };
  const scan = (): void => {
    const now = Date.now();
    const listed = new Set<string>();
    for (const entry of listRequests(inbox, now)) {
      const id = entry.file.request.request_id;
      listed.add(id);
      if (ended.has(id)) continue;
      if (entry.expired) {
        if (shown.has(id)) end(id, 'expired');
        continue;
      }
      if (shown.has(id)) continue;
      shown.set(id, Date.parse(entry.file.expires));
      process.stdout.write(
        options.json
          ? `${toTerminalJson(inboxJson(entry))}\n`
          : `${renderInboxEntry(entry, now)}\n`,
      );
    }
    for (const [id, expires] of [...shown]) {
      if (!listed.has(id)) end(id, now >= expires ? 'expired' : 'closed');
    }
  };
  await new Promise<void>((resolve) => {
    const watcher = watch(inbox, () => scan());
    const poll = setInterval(scan, 500);
    const stop = (): void => {
      watcher.close();
      clearInterval(poll);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    scan();
  });
}
