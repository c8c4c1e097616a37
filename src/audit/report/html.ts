/**
 * The HTML report: one self-contained file. No script, no external resource of any kind, and a
 * Content-Security-Policy that forbids the browser to fetch anything, so opening it cannot leak
 * that it was opened. Charts are inline SVG; print styles keep tables whole across pages.
 */
import type { Report } from './model.js';
import { buildSections, type Chart, type Section, type Table } from './sections.js';
import { escapeXml as esc, stackedColumns, stackedRows, TIER_COLORS, type Series } from './svg.js';

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body{font:13px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d1d1f;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}
.figures{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.figure{border:1px solid #ddd;border-radius:6px;padding:6px 10px;min-width:120px}
.figure b{display:block;font-size:18px}.figure span{color:#555;font-size:11px}
table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:11px}
th,td{border:1px solid #ddd;padding:3px 5px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f3f3f3}caption{text-align:left;font-weight:bold;padding:4px 0}
code{background:#f3f3f3;padding:0 3px}.bad{color:#b00020;font-weight:bold}.note{color:#555}
svg{display:block;margin:10px 0;max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,svg,.figures{break-inside:avoid}}
`;

function prose(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function renderTable(t: Table): string {
  if (t.rows.length === 0) return `<p class="note">${esc(t.caption)}: none.</p>`;
  const head = `<tr>${t.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  const omitted = t.omitted
    ? `<p class="note">${t.omitted} more rows are in the CSV and JSON formats.</p>`
    : '';
  return `<table><caption>${esc(t.caption)}</caption><thead>${head}</thead><tbody>\n${body}\n</tbody></table>${omitted}`;
}

function chart(kind: Chart, report: Report): string {
  const tiers = (values: (i: number) => number[]): Series[] =>
    [0, 1, 2, 3, 4].map((t) => ({
      name: `T${t}`,
      color: TIER_COLORS[t] ?? '#999',
      values: values(t),
    }));
  switch (kind) {
    case 'activity': {
      const buckets = report.activity.buckets;
      const label = (start: string) =>
        report.activity.unit === 'hour'
          ? start.slice(5, 13).replace('T', ' ') + 'h'
          : start.slice(0, 10);
      return stackedColumns({
        id: 'chart-activity',
        title: `Commands per ${report.activity.unit}, by tier`,
        categories: buckets.map((b) => label(b.start)),
        series: tiers((t) =>
          buckets.map((b) => Object.values(b.byAgent).reduce((n, v) => n + (v[t] ?? 0), 0)),
        ),
      });
    }
    case 'agents':
      return stackedRows({
        id: 'chart-agents',
        title: 'Commands per agent, by tier',
        categories: report.agents.map((a) => a.agent),
        series: tiers((t) => report.agents.map((a) => a.byTier[t] ?? 0)),
      });
    case 'latency': {
      const h = report.latency.histogram;
      const label = (ms: number) =>
        ms === Infinity ? 'longer' : ms < 60_000 ? `≤ ${ms / 1000} s` : `≤ ${ms / 60_000} min`;
      return stackedColumns({
        id: 'chart-latency',
        title: `Approval latency (${report.latency.count} escalations with a recorded wait)`,
        categories: h.map((b) => label(b.upToMs)),
        series: [{ name: 'escalations', color: '#2f80c0', values: h.map((b) => b.count) }],
      });
    }
    case 'denials': {
      const agents = [...new Set(report.denials.map((d) => d.agent))];
      const outcomes = [...new Set(report.denials.map((d) => d.outcome))];
      const palette = ['#b00020', '#d2542d', '#d9a21b', '#8e3bb5', '#555', '#2f80c0', '#3a9d5d'];
      return stackedRows({
        id: 'chart-denials',
        title: 'Commands denied or not approved, per agent',
        categories: agents,
        series: outcomes.map((o, i) => ({
          name: o,
          color: palette[i % palette.length] ?? '#555',
          values: agents.map(
            (a) => report.denials.filter((d) => d.agent === a && d.outcome === o).length,
          ),
        })),
      });
    }
  }
}

function renderSection(s: Section, report: Report): string {
  const figures = s.figures.length
    ? `<div class="figures">${s.figures.map((f) => `<div class="figure" data-figure="${esc(f.id)}"><b${f.id === 'verification' && !report.verification.ok ? ' class="bad"' : ''}>${esc(f.value)}</b><span>${esc(f.label)}</span></div>`).join('')}</div>`
    : '';
  return `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>
${s.paragraphs.map((p) => `<p>${prose(p)}</p>`).join('\n')}
${figures}
${s.charts.map((c) => chart(c, report)).join('\n')}
${s.tables.map(renderTable).join('\n')}
</section>`;
}

export function renderHtml(report: Report): string {
  const sections = buildSections(report);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>iddio SOC 2 evidence report</title>
<style>${STYLE}</style></head>
<body>
<h1>iddio — SOC 2 evidence from the audit log</h1>
<p class="note">Generated ${esc(report.scope.generated)} from ${esc(report.scope.log)}. This report claims only what the log proves.</p>
${sections.map((s) => renderSection(s, report)).join('\n')}
</body></html>
`;
}
