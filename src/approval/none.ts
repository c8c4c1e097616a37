import type { ApprovalChannel } from './types.js';

/**
 * The channel used until a human channel is configured: nobody can answer, so every
 * escalation is declined. Failing closed here is the point — an escalated command must
 * never run because no approver was wired in.
 */
export const noApprover: ApprovalChannel = {
  ask: () =>
    Promise.resolve({
      approved: false,
      approvedBy: 'nobody',
      channel: 'none',
      latencyMs: 0,
      reason: 'no approval channel is available, so the escalation is declined',
    }),
};
