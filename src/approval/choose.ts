/**
 * Picks the human channel for each escalation from the policy's `approval.channel`:
 * `tty` asks on the controlling terminal (and declines when there is none), `inbox` always
 * uses the file inbox, and `auto` asks on the terminal when this process has one in the
 * foreground, otherwise the inbox (SPEC §6). A channel that fails unexpectedly declines:
 * an error while asking must never read as consent.
 */
import { inboxChannel } from './inbox-channel.js';
import { openTty, type TtyStreams } from './tty.js';
import { ttyChannel } from './tty-channel.js';
import type { ApprovalChannel, ApprovalOutcome, ApprovalRequest } from './types.js';

export interface ChooserOptions {
  env: Record<string, string | undefined>;
  inbox: string;
  approversPath: string;
  osUser: string;
  /** The waiting command's notices (its stderr). */
  notice: (line: string) => void;
  openTty?: () => TtyStreams | undefined;
  now?: () => number;
}

export function chooseApprover(options: ChooserOptions): ApprovalChannel {
  const open = options.openTty ?? (() => openTty());
  const now = options.now ?? Date.now;
  const inbox = inboxChannel({
    inbox: options.inbox,
    approversPath: options.approversPath,
    notice: options.notice,
    now,
  });
  const tty = (streams: TtyStreams | undefined): ApprovalChannel =>
    ttyChannel({ open: () => streams, env: options.env, osUser: options.osUser, now });
  return {
    async ask(request: ApprovalRequest): Promise<ApprovalOutcome> {
      const started = now();
      const mode = request.channel ?? 'auto';
      try {
        if (mode === 'inbox') return await inbox.ask(request);
        const streams = open();
        if (mode === 'tty' || streams) return await tty(streams).ask(request);
        return await inbox.ask(request);
      } catch (error) {
        return {
          approved: false,
          approvedBy: 'error',
          channel: mode === 'inbox' ? 'inbox' : 'none',
          latencyMs: now() - started,
          reason: `the approval channel failed, so the escalation is declined: ${(error as Error).message}`,
        };
      }
    },
  };
}
