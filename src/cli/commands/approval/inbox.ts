/** `iddio inbox [--watch] [--json]`: pending requests, once or as they arrive. */
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
  const seen = new Set<string>();
  const scan = (): void => {
    const now = Date.now();
    for (const entry of listRequests(inbox, now)) {
      const id = entry.file.request.request_id;
      if (entry.expired || seen.has(id)) continue;
      seen.add(id);
      process.stdout.write(
        options.json
          ? `${toTerminalJson(inboxJson(entry))}\n`
          : `${renderInboxEntry(entry, now)}\n`,
      );
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
