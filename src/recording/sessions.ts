/**
 * Sessions as the audit log records them: every event carries its `session`, so a session is
 * the commands that share one (SPEC §3). Built in one streamed pass; memory grows with the
 * number of sessions (list) or with one session's commands (show), not with the log.
 */
import { commandOutcome, wasRefused, type CommandOutcome } from '../audit/outcome.js';
import type { AuditEvent } from '../audit/event.js';

export interface SessionSummary {
  id: string;
  agent: string;
  first: string;
  last: string;
  commands: number;
  highestTier?: number;
  /** Commands that did not run: denied by policy or not approved. */
  denials: number;
  recordings: number;
}

export class SessionLister {
  private readonly sessions = new Map<string, SessionSummary>();

  add(event: AuditEvent): void {
    if (event.session === undefined || event.stage === 'admin') return;
    let s = this.sessions.get(event.session);
    if (!s) {
      s = {
        id: event.session,
        agent: event.agent ?? 'unknown',
        first: event.ts,
        last: event.ts,
        commands: 0,
        denials: 0,
        recordings: 0,
      };
      this.sessions.set(event.session, s);
    }
    s.last = event.ts;
    if (event.stage === 'decided') {
      s.commands++;
      if (event.tier !== undefined && (s.highestTier === undefined || event.tier > s.highestTier))
        s.highestTier = event.tier;
      if (wasRefused(commandOutcome(event))) s.denials++;
    }
    if (event.stage === 'completed' && event.recording !== undefined) s.recordings++;
  }

  result(): SessionSummary[] {
    return [...this.sessions.values()].sort((a, b) => a.first.localeCompare(b.first));
  }
}

export interface SessionCommand {
  request_id: string;
  ts: string;
  agent?: string;
  argv?: string[];
  tier?: number;
  rule?: string;
  decision?: string;
  outcome?: CommandOutcome;
  reason?: string;
  approved_by?: string;
  exit_code?: number;
  duration_ms?: number;
  recording?: string;
}

/** The commands of one session, in the order they were decided. */
export class SessionCollector {
  private readonly commands = new Map<string, SessionCommand>();

  constructor(readonly id: string) {}

  add(event: AuditEvent): void {
    if (event.session !== this.id || event.stage === 'admin') return;
    let c = this.commands.get(event.request_id);
    if (!c) {
      c = { request_id: event.request_id, ts: event.ts };
      this.commands.set(event.request_id, c);
    }
    for (const key of ['agent', 'argv', 'tier', 'rule'] as const) {
      if (event[key] !== undefined) (c as unknown as Record<string, unknown>)[key] = event[key];
    }
    if (event.stage === 'decided') {
      c.decision = event.decision;
      c.outcome = commandOutcome(event);
      if (event.reason !== undefined) c.reason = event.reason;
      if (event.approved_by !== undefined) c.approved_by = event.approved_by;
    }
    if (event.stage === 'completed') {
      if (event.exit_code !== undefined) c.exit_code = event.exit_code;
      if (event.duration_ms !== undefined) c.duration_ms = event.duration_ms;
      if (event.recording !== undefined) c.recording = event.recording;
    }
  }

  result(): SessionCommand[] {
    return [...this.commands.values()];
  }
}
