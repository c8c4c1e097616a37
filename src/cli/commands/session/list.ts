/** `iddio session list`. */
import { stripControlLine } from '../../../common/sanitize.js';
import { toTerminalJson } from '../../../common/terminal-json.js';
import { listSessions } from './load.js';

export async function runSessionList(options: { file?: string; json?: boolean }): Promise<void> {
  const sessions = await listSessions(options.file);
  if (options.json) {
    process.stdout.write(`${toTerminalJson({ sessions }, 2)}\n`);
    return;
  }
  if (sessions.length === 0) {
    process.stderr.write('No sessions in the audit log.\n');
    return;
  }
  const rows = sessions.map((s) => [
    stripControlLine(s.id),
    stripControlLine(s.agent),
    s.first.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
    s.last.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
    String(s.commands),
    s.highestTier === undefined ? '-' : `T${s.highestTier}`,
    String(s.denials),
  ]);
  const header = ['SESSION', 'AGENT', 'FIRST', 'LAST', 'COMMANDS', 'MAX TIER', 'DENIED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[header, ...rows].map(line).join('\n')}\n`);
}
