/**
 * The approval stage's interface. An escalated request goes to an ApprovalChannel, which
 * answers approved or not; every outcome carries who answered, through which channel, and
 * how long it took, for the `decided` audit event (SPEC §6, §8).
 */
export interface ApprovalRequest {
  requestId: string;
  agent: string;
  identity: string;
  argv: string[];
  context?: string;
  server?: string;
  namespace?: string;
  tier: number;
  tierLabel: string;
  rule: string;
  timeoutMs: number;
}

export interface ApprovalOutcome {
  approved: boolean;
  /** Who answered, or why nobody did ("timeout", "no-approver", "interrupted"). */
  approvedBy: string;
  channel: 'tty' | 'inbox' | 'none';
  latencyMs: number;
  reason: string;
}

export interface ApprovalChannel {
  /** Asks a human; never throws for "no answer" — that is an outcome with approved: false. */
  ask(request: ApprovalRequest): Promise<ApprovalOutcome>;
}
