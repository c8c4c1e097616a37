/** The Markdown report: the same sections as the HTML one, without charts. */
import type { Report } from './model.js';
import { buildSections, type Table } from './sections.js';

/** A table cell: pipes escaped, newlines flattened, nothing that renders as HTML. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}

function table(t: Table): string {
  if (t.rows.length === 0) return `*${t.caption}: none.*\n`;
  const lines = [
    `**${t.caption}**`,
    '',
    `| ${t.headers.map(cell).join(' | ')} |`,
    `|${t.headers.map(() => ' --- ').join('|')}|`,
  ];
  for (const row of t.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  if (t.omitted) lines.push('', `*${t.omitted} more rows are in the CSV and JSON formats.*`);
  return `${lines.join('\n')}\n`;
}

export function renderMarkdown(report: Report): string {
  const out = [
    `# iddio — SOC 2 evidence from the audit log`,
    '',
    `Generated ${report.scope.generated} from \`${report.scope.log}\`. This report claims only what the log proves.`,
    '',
  ];
  for (const s of buildSections(report)) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs) out.push(p.replace(/</g, '&lt;'), '');
    if (s.figures.length)
      out.push(...s.figures.map((f) => `- **${f.label}:** ${cell(f.value)}`), '');
    for (const t of s.tables) out.push(table(t));
  }
  return `${out.join('\n')}\n`;
}
