/** The Markdown report: the same sections as the HTML one, without charts. */
import type { Report } from './model.js';
import { buildSections, type Table } from './sections.js';

/**
 * Text from the log as literal Markdown: an agent controls its argv, so `![x](http://…)` in a
 * command must not become an image a viewer fetches, nor `<b>` HTML, nor a broken table row.
 */
function literal(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/[\r\n]+/g, ' ');
}

/** Prose with its `code` spans kept as code (they hold only paths and commands). */
function prose(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part) => (/^`[^`]*`$/.test(part) ? part : literal(part)))
    .join('');
}

function table(t: Table): string {
  if (t.rows.length === 0) return `*${literal(t.caption)}: none.*\n`;
  const lines = [
    `**${literal(t.caption)}**`,
    '',
    `| ${t.headers.map(literal).join(' | ')} |`,
    `|${t.headers.map(() => ' --- ').join('|')}|`,
  ];
  for (const row of t.rows) lines.push(`| ${row.map(literal).join(' | ')} |`);
  if (t.omitted) lines.push('', `*${t.omitted} more rows are in the CSV and JSON formats.*`);
  return `${lines.join('\n')}\n`;
}

export function renderMarkdown(report: Report): string {
  const out = [
    `# iddio — SOC 2 evidence from the audit log`,
    '',
    `Generated ${literal(report.scope.generated)} from \`${report.scope.log.replaceAll('`', "'")}\`. This report claims only what the log proves.`,
    '',
  ];
  for (const s of buildSections(report)) {
    out.push(`## ${literal(s.title)}`, '');
    for (const p of s.paragraphs) out.push(prose(p), '');
    if (s.figures.length) {
      out.push(...s.figures.map((f) => `- **${literal(f.label)}:** ${literal(f.value)}`), '');
    }
    for (const t of s.tables) out.push(table(t));
  }
  return `${out.join('\n')}\n`;
}
