/**
 * Picks the human channel for each escalation from the policy's `approval.channel`:
 * `tty` asks on the controlling terminal (and declines when there is none), `inbox` always
 * uses the file inbox, and `auto` asks on the terminal when this process has one in the
 * foreground, otherwise the inbox (SPEC §6). With `require_signature: true` every escalation
 * goes to the inbox, whatever the channel says. A channel that fails unexpectedly declines:
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
      // A terminal answer carries no signature, and an agent with a shell can give itself a
      // pseudo-terminal and type "y" into it; so a policy that requires signatures gets
      // only the inbox, whose decisions are signed by an approver's key.
      const mode = request.requireSignature ? 'inbox' : (request.channel ?? 'auto');
      try {
        if (mode === 'inbox') return await inbox.ask(request);
        const streams = open();
        if (mode === 'tty' || streams) return await tty(streams).ask(request);
        return await inbox.ask(request);
      } catch (error) {
        return {
          approved: false,
          outcome: 'error',
          approvedBy: 'error',
          channel: mode === 'inbox' ? 'inbox' : 'none',
          latencyMs: now() - started,
          reason: `the approval channel failed, so the escalation is declined: ${(error as Error).message}`,
        };
      }
    },
  };
}
