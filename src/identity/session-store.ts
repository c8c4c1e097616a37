/**
 * The I/O half of derived sessions: which process anchors a session, and the small state
 * file ($IDDIO_HOME/cache/sessions.json) that remembers the last command of each.
 *
 * The anchor is the nearest ancestor that is not a shell. Agents such as Claude Code start a
 * fresh shell for every command, so the direct parent would make every command its own
 * session; the agent's own process outlives them all. On systems without /proc the direct
 * parent is used.
 *
 * Two commands started at the same instant in a brand-new session may race and get two
 * session ids (the last write wins); sessions are a grouping aid, not a security boundary.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ulid } from 'ulid';
import { writeFileAtomic } from '../common/atomic-write.js';
import { makeDirs } from '../common/make-dirs.js';
import { emptySessionState, explicitSession, nextSession, type SessionState } from './session.js';
import { readRegularFile } from '../common/read-regular.js';

const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'fish',
  'ksh',
  'ash',
  'busybox',
  'tcsh',
  'csh',
]);

export function sessionAnchor(ppid: number): number {
  let pid = ppid;
  for (let depth = 0; depth < 4; depth++) {
    const stat = procStat(pid);
    if (!stat || !SHELLS.has(stat.comm) || stat.ppid <= 1) return pid;
    pid = stat.ppid;
  }
  return pid;
}

function procStat(pid: number): { comm: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so cut at the last ")".
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const ppid = Number(text.slice(close + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? { comm, ppid } : undefined;
  } catch {
    return undefined;
  }
}

/** The session for this command: IDDIO_SESSION when set, else derived and remembered. */
export function resolveSession(options: {
  explicit: string | undefined;
  agent: string;
  ppid: number;
  statePath: string;
  now?: number;
}): string {
  if (options.explicit !== undefined && options.explicit !== '')
    return explicitSession(options.explicit);
  const state = readState(options.statePath);
  const next = nextSession(
    state,
    { agent: options.agent, anchor: sessionAnchor(options.ppid), now: options.now ?? Date.now() },
    () => `ses_${ulid()}`,
  );
  try {
    makeDirs(dirname(options.statePath));
    writeFileAtomic(options.statePath, `${JSON.stringify(next.state)}\n`);
  } catch {
    // Not remembering only means the next command starts a new session; never fail a command for it.
  }
  return next.session;
}

function readState(path: string): SessionState {
  try {
    const parsed = JSON.parse(readRegularFile(path)) as Partial<SessionState>;
    if (parsed.v !== 1 || !Array.isArray(parsed.sessions)) return emptySessionState();
    const sessions = parsed.sessions.filter(
      (entry) =>
        typeof entry?.agent === 'string' &&
        typeof entry.anchor === 'number' &&
        typeof entry.id === 'string' &&
        typeof entry.last === 'number',
    );
    return { v: 1, sessions };
  } catch {
    return emptySessionState(); // absent or damaged: start afresh (it holds nothing of value)
  }
}
