/**
 * Sessions group an agent's commands (SPEC §3). `IDDIO_SESSION` names one explicitly;
 * otherwise a session is derived: the same agent, under the same anchor process (the
 * agent's process, see session-store.ts), with no gap longer than `gapMs` between commands,
 * is one session. This file is the pure part: given the remembered state, the next session
 * and the next state.
 */
import { UsageError } from '../common/errors.js';

export const SESSION_GAP_MS = 30 * 60 * 1000;
const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface SessionEntry {
  agent: string;
  anchor: number;
  id: string;
  /** Milliseconds since the epoch of the last command in the session. */
  last: number;
}

export interface SessionState {
  v: 1;
  sessions: SessionEntry[];
}

export function emptySessionState(): SessionState {
  return { v: 1, sessions: [] };
}

/** An explicit IDDIO_SESSION, checked: it ends up in the audit log and in file names. */
export function explicitSession(value: string): string {
  if (!SESSION_ID.test(value)) {
    throw new UsageError(
      'IDDIO_SESSION must be 1-128 characters of letters, digits, ".", "_", ":" and "-"',
      {
        code: 'bad-session',
      },
    );
  }
  return value;
}

/**
 * The session for a command by `agent` under `anchor` at `now`: the remembered one when its
 * last command was at most `gapMs` ago, else a new one made by `newId`. Expired entries are
 * dropped from the returned state so the state file stays small.
 */
export function nextSession(
  state: SessionState,
  key: { agent: string; anchor: number; now: number },
  newId: () => string,
  gapMs: number = SESSION_GAP_MS,
): { session: string; state: SessionState } {
  const live = state.sessions.filter(
    (entry) => key.now - entry.last <= gapMs && entry.last <= key.now + gapMs,
  );
  const current = live.find((entry) => entry.agent === key.agent && entry.anchor === key.anchor);
  const id = current?.id ?? newId();
  const others = live.filter((entry) => entry !== current);
  return {
    session: id,
    state: {
      v: 1,
      sessions: [...others, { agent: key.agent, anchor: key.anchor, id, last: key.now }],
    },
  };
}
