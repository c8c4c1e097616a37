/**
 * `iddio session show ID`: each command with its decision and the output it printed, from the
 * stored (redacted) recording. Output is stripped of terminal control characters.
 */
import { stripControl, stripControlLine } from '../../../common/sanitize.js';
import { toTerminalJson } from '../../../common/terminal-json.js';
import type { SessionCommand } from '../../../recording/sessions.js';
import { loadSession, recordingOf } from './load.js';

function headline(c: SessionCommand): string {
  const tier = c.tier === undefined ? '' : ` T${c.tier}`;
  const outcome =
    c.outcome === 'approved' && c.approved_by
      ? `approved by ${c.approved_by}`
      : (c.outcome ?? 'no decision');
  const exit = c.exit_code === undefined ? '' : `, exit ${c.exit_code}`;
  return stripControlLine(`${c.ts}  ${c.request_id}${tier}  ${outcome}${exit}`);
}

export async function runSessionShow(
  id: string,
  options: { file?: string; json?: boolean },
): Promise<void> {
  const session = await loadSession(id, options.file);
  if (options.json) {
    const commands = session.commands.map((c) => {
      const recording = recordingOf(c);
      return typeof recording === 'string'
        ? { ...c, recording_error: recording }
        : { ...c, output: recording.events.map(([t, stream, text]) => ({ t, stream, text })) };
    });
    process.stdout.write(`${toTerminalJson({ session: session.id, commands }, 2)}\n`);
    return;
  }
  const out: string[] = [
    `session ${stripControlLine(session.id)}: ${session.commands.length} commands\n`,
  ];
  for (const c of session.commands) {
    out.push(`\n${headline(c)}\n$ kubectl ${stripControlLine((c.argv ?? []).join(' '))}\n`);
    if (c.outcome !== 'allowed' && c.outcome !== 'approved' && c.reason)
      out.push(`  ${stripControlLine(c.reason)}\n`);
    const recording = recordingOf(c);
    if (typeof recording === 'string') {
      if (c.exit_code !== undefined) out.push(`  (${stripControlLine(recording)})\n`);
      continue;
    }
    // What was piped into an exec or attach session is shown as "> " lines; with a terminal
    // (a session with resizes) the container echoes what is typed, so its output shows it.
    const piped = !recording.events.some(([, code]) => code === 'r');
    for (const [, code, text] of recording.events) {
      const shown = code === 'o' || code === 'e' || (code === 'i' && piped);
      if (!shown) continue;
      const clean = stripControl(text);
      const prefix = code === 'e' ? '! ' : code === 'i' ? '> ' : '';
      out.push(prefix === '' ? clean : clean.replace(/^(?=.)/gm, prefix));
    }
    if (!out.at(-1)?.endsWith('\n')) out.push('\n');
  }
  process.stdout.write(out.join(''));
}
