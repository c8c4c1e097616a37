import type { Obj } from './fields.js';

/** metav1.TableColumnDefinition, as the server serialises it (every member present). */
export interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: unknown[];
  conditions?: RowCondition[];
}

/**
 * One kind's printer. The server always prints the wide form (its GenerateTable runs with
 * Wide: true); kubectl hides priority-1 columns unless asked for `-o wide`.
 */
export interface Printer {
  columns: Column[];
  row(object: Obj, now: Date): PrintedRow;
}

export function column(
  name: string,
  type: string,
  description: string,
  options: { priority?: number; format?: string } = {},
): Column {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}
