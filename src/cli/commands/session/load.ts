/** Reading sessions from the audit log for the session commands. */
import { readAuditEvents } from '../../../audit/reader.js';
import { UsageError } from '../../../common/errors.js';
import { stripControlLine } from '../../../common/sanitize.js';
import { readRecording, RecordingStoreError } from '../../../recording/store.js';
import type { Recording } from '../../../recording/asciicast.js';
import {
  SessionCollector,
  SessionLister,
  type SessionCommand,
} from '../../../recording/sessions.js';
import { iddioPaths } from '../../env.js';

export function logPath(file: string | undefined): string {
  return file ?? iddioPaths().auditLog;
}

export async function listSessions(file: string | undefined) {
  const lister = new SessionLister();
  for await (const { event } of readAuditEvents(logPath(file))) lister.add(event);
  return lister.result();
}

/** The commands of the session `id` (or the one session whose id starts with it). */
export async function loadSession(
  id: string,
  file: string | undefined,
): Promise<{ id: string; commands: SessionCommand[] }> {
  const sessions = await listSessions(file);
  const exact = sessions.find((s) => s.id === id);
  const matches = exact ? [exact] : sessions.filter((s) => s.id.startsWith(id));
  if (matches.length === 0)
    throw new UsageError(
      `no session ${JSON.stringify(stripControlLine(id))} in the audit log (see \`iddio session list\`)`,
    );
  if (matches.length > 1)
    throw new UsageError(
      `"${stripControlLine(id)}" matches ${matches.length} sessions; give more of the id`,
    );
  const collector = new SessionCollector((matches[0] as { id: string }).id);
  for await (const { event } of readAuditEvents(logPath(file))) collector.add(event);
  return { id: collector.id, commands: collector.result() };
}

/** A command's recording, or why there is none to show. */
export function recordingOf(command: SessionCommand): Recording | string {
  if (command.recording === undefined)
    return command.decision === undefined || command.exit_code === undefined
      ? 'not run: no recording'
      : 'no recording';
  try {
    return readRecording(iddioPaths().sessions, command.recording);
  } catch (error) {
    if (error instanceof RecordingStoreError) return error.message;
    throw error;
  }
}
