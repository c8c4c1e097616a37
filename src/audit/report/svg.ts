/**
 * Inline SVG bar charts for the HTML report: no script, no external resource, readable in
 * print. Every label is escaped; sizes are fixed so the file renders the same everywhere.
 */
export const TIER_COLORS = ['#3a9d5d', '#2f80c0', '#d9a21b', '#d2542d', '#8e3bb5'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Series {
  name: string;
  color: string;
  values: number[];
}

function legend(series: Series[], x: number, y: number): string {
  return series
    .map(
      (s, i) =>
        `<rect x="${x + i * 90}" y="${y}" width="10" height="10" fill="${s.color}"/><text x="${x + i * 90 + 14}" y="${y + 9}" font-size="10">${escapeXml(s.name)}</text>`,
    )
    .join('');
}

/** Vertical bars, one per category, stacked by series. */
export function stackedColumns(options: {
  title: string;
  categories: string[];
  series: Series[];
  id: string;
}): string {
  const { categories, series } = options;
  const width = 720;
  const height = 240;
  const left = 40;
  const top = 24;
  const bottom = 40;
  const plotH = height - top - bottom;
  const totals = categories.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (width - left - 10) / Math.max(1, categories.length);
  const barW = Math.max(2, Math.min(40, step * 0.7));
  const bars: string[] = [];
  categories.forEach((category, i) => {
    let y = top + plotH;
    const x = left + i * step + (step - barW) / 2;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v === 0) continue;
      const h = (v / max) * plotH;
      y -= h;
      bars.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${category} ${s.name}: ${v}`)}</title></rect>`,
      );
    }
    const every = Math.ceil(categories.length / 8);
    if (i % every === 0) {
      bars.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 14}" font-size="9" text-anchor="middle">${escapeXml(category)}</text>`,
      );
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${options.id}" role="img" aria-label="${escapeXml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<text x="0" y="14" font-size="12" font-weight="bold">${escapeXml(options.title)}</text>
<line x1="${left}" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}" stroke="#888"/>
<text x="${left - 4}" y="${top + 8}" font-size="9" text-anchor="end">${max}</text><text x="${left - 4}" y="${top + plotH}" font-size="9" text-anchor="end">0</text>
${bars.join('\n')}
${legend(series, left, height - 14)}
</svg>`;
}

/** Horizontal bars, one per category, stacked by series. */
export function stackedRows(options: {
  title: string;
  categories: string[];
  series: Series[];
  id: string;
}): string {
  const { categories, series } = options;
  const width = 720;
  const rowH = 18;
  const left = 160;
  const top = 24;
  const height = top + categories.length * rowH + 30;
  const totals = categories.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = width - left - 50;
  const rows: string[] = [];
  categories.forEach((category, i) => {
    const y = top + i * rowH;
    let x = left;
    rows.push(
      `<text x="${left - 6}" y="${y + 12}" font-size="10" text-anchor="end">${escapeXml(category.length > 24 ? `${category.slice(0, 23)}…` : category)}</text>`,
    );
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v === 0) continue;
      const w = (v / max) * plotW;
      rows.push(
        `<rect x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 5}" fill="${s.color}"><title>${escapeXml(`${category} ${s.name}: ${v}`)}</title></rect>`,
      );
      x += w;
    }
    rows.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 12}" font-size="10">${totals[i]}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${options.id}" role="img" aria-label="${escapeXml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<text x="0" y="14" font-size="12" font-weight="bold">${escapeXml(options.title)}</text>
${rows.join('\n')}
${legend(series, left, height - 14)}
</svg>`;
}
