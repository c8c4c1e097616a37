/**
 * `iddio session replay ID`: the session's output played back with its timing — the pauses
 * within a command as recorded, and between commands as the log's times say — each pause cut
 * to --max-idle and divided by --speed. Control characters are stripped, as everywhere.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../../../common/errors.js';
import { stripControl, stripControlLine } from '../../../common/sanitize.js';
import { loadSession, recordingOf } from './load.js';

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0))
    throw new UsageError(`invalid ${flag} "${stripControlLine(text)}": use a number above 0`);
  return value;
}

export async function runSessionReplay(
  id: string,
  options: { speed: string; maxIdle: string; file?: string },
): Promise<void> {
  const speed = positive(options.speed, '--speed');
  const maxIdle = positive(options.maxIdle, '--max-idle');
  const session = await loadSession(id, options.file);
  const pause = (seconds: number) =>
    sleep((Math.min(Math.max(seconds, 0), maxIdle) * 1000) / speed);
  let previousEnd: number | undefined;
  for (const c of session.commands) {
    const start = Date.parse(c.ts);
    if (previousEnd !== undefined) await pause((start - previousEnd) / 1000);
    process.stdout.write(`$ kubectl ${stripControlLine((c.argv ?? []).join(' '))}\n`);
    const recording = recordingOf(c);
    if (typeof recording === 'string') {
      process.stdout.write(
        `(${stripControlLine(c.outcome === 'allowed' || c.outcome === 'approved' ? recording : `${c.outcome ?? 'not run'}: nothing ran`)})\n`,
      );
    } else {
      let at = 0;
      let last = '\n';
      for (const [t, code, text] of recording.events) {
        if (code !== 'o' && code !== 'e') continue;
        await pause(t - at);
        at = t;
        last = stripControl(text);
        process.stdout.write(last);
      }
      if (!last.endsWith('\n')) process.stdout.write('\n');
    }
    previousEnd = start + (c.duration_ms ?? 0);
  }
}
