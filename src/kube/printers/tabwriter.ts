/**
 * Column alignment exactly as kubectl's tabwriter (Go text/tabwriter with minwidth 6,
 * padding 3, pad character ' '). A line is a list of cells; every cell but the last is
 * tab-terminated and so belongs to a column; the last cell is written as is. A column's
 * width is fixed per *block* of consecutive lines that have a cell in that column, which is
 * why this is a recursive walk and not a single max() per column. Widths count code points,
 * as Go counts runes.
 */
export interface TabOptions {
  minWidth: number;
  padding: number;
  /**
   * Column widths carried from earlier writes (kubectl's RememberWidths, for `get -w`): every
   * column block is at least as wide as the widest seen before at that column; updated here.
   */
  remembered?: number[];
}

export const KUBECTL_TABS: TabOptions = { minWidth: 6, padding: 3 };

const width = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

export function tabwrite(lines: string[][], options: TabOptions = KUBECTL_TABS): string {
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = lines[i] ?? [];
      let text = '';
      line.forEach((cell, j) => {
        text += cell;
        if (j < line.length - 1 && j < widths.length)
          text += ' '.repeat(Math.max(0, (widths[j] ?? 0) - width(cell)));
      });
      out.push(text, '\n');
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let row = line0; row < line1; row++) {
      if (column >= (lines[row]?.length ?? 0) - 1) continue;
      writeLines(start, row);
      start = row;
      let colWidth = options.minWidth;
      for (; row < line1; row++) {
        const line = lines[row] ?? [];
        if (column >= line.length - 1) break;
        colWidth = Math.max(colWidth, width(line[column] ?? '') + options.padding);
      }
      const memory = options.remembered;
      if (memory) {
        while (memory.length < column) memory.push(widths[memory.length] ?? 0);
        colWidth = Math.max(colWidth, memory[column] ?? 0);
        memory[column] = colWidth;
      }
      widths.push(colWidth);
      format(start, row);
      widths.pop();
      start = row;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('');
}
