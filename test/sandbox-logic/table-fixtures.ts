/** Shared fixtures for the Table tests: a fixed clock, objects of any kind, and a Table as headers and rows. */
import { toTable } from '../../src/sandbox/printers/index.js';
import type { KubeObject } from '../../src/sandbox/types.js';

export const NOW = new Date('2026-03-01T12:00:00Z');
export const ago = (seconds: number): string =>
  new Date(NOW.getTime() - seconds * 1000).toISOString();
export const DAY = 86400;

export function obj(
  apiVersion: string,
  kind: string,
  body: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: {
      name: 'x',
      namespace: 'default',
      creationTimestamp: ago(3 * DAY),
      resourceVersion: '42',
      ...meta,
    },
    ...body,
  };
}

export function table(kind: string, group: string, objects: KubeObject[]) {
  const t = toTable(kind, group, objects, { includeObject: 'None', now: NOW });
  return {
    headers: (t.columnDefinitions as { name: string; priority: number }[]).map((c) =>
      c.priority === 0 ? c.name.toUpperCase() : `(${c.name.toUpperCase()})`,
    ),
    rows: (t.rows as { cells: unknown[] }[]).map((r) => r.cells),
  };
}
