/**
 * The inbox channel: for a command with no terminal to ask on (or a policy that says so).
 * It writes the request to the inbox, tells the caller how a human can answer, and waits for
 * a decision bound to the request's hash — then removes the request, whatever the outcome.
 */
import { approverKeys } from './approvers.js';
import { checkDecision } from './decision.js';
import { removeRequest, useNonce, nonceSeen, waitForDecision, writeRequestFile } from './inbox.js';
import { listenForInterrupt } from './interrupt.js';
import { requestDoc, requestFile } from './request-doc.js';
import type { AuditOutcome } from '../audit/event.js';
import type { ApprovalChannel, ApprovalOutcome, ApprovalRequest } from './types.js';

export interface InboxChannelOptions {
  inbox: string;
  approversPath: string;
  /** Where the waiting command says what it waits for (the caller's stderr). */
  notice: (line: string) => void;
  now?: () => number;
}

export function inboxChannel(options: InboxChannelOptions): ApprovalChannel {
  const now = options.now ?? Date.now;
  return {
    async ask(request: ApprovalRequest): Promise<ApprovalOutcome> {
      const started = now();
      const doc = requestDoc(request, started);
      const file = requestFile(doc);
      const expiresMs = Date.parse(doc.expires);
      const outcome = (
        ended: AuditOutcome,
        approvedBy: string,
        reason: string,
      ): ApprovalOutcome => ({
        approved: ended === 'approved',
        outcome: ended,
        approvedBy,
        channel: 'inbox',
        latencyMs: now() - started,
        reason,
      });
      writeRequestFile(options.inbox, file);
      options.notice(
        `iddio: waiting up to ${Math.round(request.timeoutMs / 1000)}s for a human: ` +
          `iddio approve ${doc.request_id}  (or: iddio deny ${doc.request_id})`,
      );
      const interrupt = listenForInterrupt();
      try {
        const waited = await waitForDecision(options.inbox, doc.request_id, {
          timeoutMs: Math.max(0, expiresMs - now()),
          signal: interrupt.signal,
        });
        if (waited.kind === 'timeout') {
          return outcome('timed_out', 'timeout', 'no decision before the request expired');
        }
        if (waited.kind === 'aborted') {
          return outcome('interrupted', 'interrupted', 'interrupted while waiting for approval');
        }
        let approvers: ReadonlyMap<string, import('node:crypto').KeyObject>;
        try {
          approvers = approverKeys(options.approversPath);
        } catch (error) {
          return outcome('rejected', 'rejected', `decision rejected: ${(error as Error).message}`);
        }
        const check = checkDecision(waited.text, {
          requestId: doc.request_id,
          requestSha256: file.sha256,
          expiresMs,
          nowMs: now(),
          requireSignature: doc.require_signature,
          approvers,
          nonceUsed: (nonce) => nonceSeen(options.inbox, nonce),
        });
        if (!check.ok) {
          return outcome('rejected', 'rejected', `decision rejected (${check.code}): ${check.why}`);
        }
        // Claimed atomically, so two waiters racing over a copied decision cannot both use it.
        if (!useNonce(options.inbox, check.decision.nonce)) {
          return outcome('rejected', 'rejected', 'decision rejected (replayed): already used once');
        }
        const d = check.decision;
        const how = `${check.signed ? 'signed' : 'unsigned'} inbox decision by ${d.approver}`;
        const why = d.reason !== undefined ? `: ${d.reason}` : '';
        return d.decision === 'approve'
          ? outcome('approved', d.approver, `approved (${how})${why}`)
          : outcome('declined', d.approver, `denied (${how})${why}`);
      } finally {
        interrupt.dispose();
        removeRequest(options.inbox, doc.request_id);
      }
    },
  };
}
