/**
 * The completion step, shared by every front door that runs a command: store the command's
 * recording (when it has one), then append its `completed` event carrying the recording's
 * digest, so the hash chain covers what the agent was shown. A recording that cannot be stored
 * does not undo a command that has already run: the event says so in `reason` instead.
 */
import type { AuditEventInput } from '../audit/event.js';
import type { Invocation } from '../kubectl/invocation.js';
import type { Policy } from '../policy/types.js';
import { Recorder } from '../recording/recorder.js';
import { redactionScope } from '../recording/redact.js';

/** The recorder for one command, from the policy's settings and the command's own event. */
export function commandRecorder(
  sessionsDir: string,
  policy: Policy,
  invocation: Invocation,
  completed: AuditEventInput,
  startedMs: number,
): Recorder {
  return new Recorder({
    sessionsDir,
    settings: { maxBytes: policy.recording.max_bytes, retentionMs: policy.recording.retention_ms },
    scope: redactionScope(invocation),
    requestId: completed.request_id,
    ...(completed.agent !== undefined ? { agent: completed.agent } : {}),
    ...(completed.session !== undefined ? { session: completed.session } : {}),
    ...(completed.argv !== undefined ? { command: ['kubectl', ...completed.argv].join(' ') } : {}),
    startedMs,
  });
}

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
