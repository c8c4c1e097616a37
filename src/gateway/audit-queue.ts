/**
 * The gateway's audit writer: events from concurrent requests are appended in batches — one
 * lock, one write, one fsync for all that arrived while the previous batch was syncing — and
 * each caller's promise settles only when its own event is on disk. Under load this turns
 * thousands of lock-and-fsync cycles into a few, without ever letting a request run before
 * its `decided` event is durable. A batch that fails fails every request in it (fail closed).
 */
import type { AuditEventInput } from '../audit/event.js';
import { appendAuditEvents } from '../audit/writer.js';

const MAX_BATCH = 512;

interface Pending {
  input: AuditEventInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function auditQueue(logPath: string): (input: AuditEventInput) => Promise<void> {
  const pending: Pending[] = [];
  let draining = false;

  const drain = async (): Promise<void> => {
    draining = true;
    while (pending.length > 0) {
      const batch = pending.splice(0, MAX_BATCH);
      try {
        await appendAuditEvents(
          logPath,
          batch.map((p) => p.input),
        );
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    draining = false;
  };

  return (input) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (!draining) void drain();
    });
}
