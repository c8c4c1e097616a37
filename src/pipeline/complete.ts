/**
 * The completion step, shared by every front door that runs a command: store the command's
 * recording (when it has one), then append its `completed` event carrying the recording's
 * digest, so the hash chain covers what the agent was shown. A recording that cannot be stored
 * does not undo a command that has already run: the event says so in `reason` instead.
 */
import type { AuditEventInput } from '../audit/event.js';
import type { Recorder } from '../recording/recorder.js';

export async function recordCompleted(
  event: AuditEventInput,
  recorder: Recorder | undefined,
  record: (input: AuditEventInput) => Promise<unknown>,
): Promise<void> {
  let recording: Partial<AuditEventInput> = {};
  if (recorder) {
    try {
      recording = { recording: recorder.finish() };
    } catch (error) {
      const why = `recording not stored: ${(error as Error).message}`;
      recording = { reason: event.reason !== undefined ? `${event.reason}; ${why}` : why };
    }
  }
  await record({ ...event, ...recording });
}
