/**
 * The shapes `kubectl get` prints from: the -o formats it accepts, list items with the kind
 * their list leaves off, objects without managedFields, `kind.group/name`, and the NAME/AGE
 * table kubectl falls back to when a server sends no Table.
 */
import { humanDuration } from '../../common/human-duration.js';
import { stripControlLine } from '../../common/sanitize.js';
import { usageError } from '../errors.js';
import { notSupported } from '../flags.js';
import { parseColumns, type Column } from '../printers/custom-columns.js';
import type { ServerTable } from '../printers/table.js';

type Obj = Record<string, unknown>;

/** Every -o format kubectl 1.32's get accepts (in its error message's order). */
const KUBECTL_FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'wide',
  'yaml',
];

export type Format =
  | { kind: 'table'; wide: boolean }
  | { kind: 'name' }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; columns: Column[] };

export function parseFormat(output: string | undefined): Format {
  if (output === undefined || output === '') return { kind: 'table', wide: false };
  if (output === 'wide') return { kind: 'table', wide: true };
  if (output === 'name' || output === 'json' || output === 'yaml') return { kind: output };
  const jp = /^jsonpath=(.*)$/s.exec(output);
  if (jp) return { kind: 'jsonpath', template: jp[1] ?? '' };
  const cc = /^custom-columns=(.*)$/s.exec(output);
  if (cc) return { kind: 'custom-columns', columns: parseColumns(cc[1] ?? '') };
  const name = output.split('=')[0] ?? '';
  if (KUBECTL_FORMATS.includes(name)) throw notSupported(`get -o ${name}`);
  throw usageError(
    `unable to match a printer suitable for the output format "${stripControlLine(output)}", allowed formats are: ${KUBECTL_FORMATS.join(',')}`,
  );
}

/** Fills the kind/apiVersion a list response leaves off its items, as kubectl's decoder does. */
export function listItems(list: Obj): Obj[] {
  const items = Array.isArray(list.items) ? (list.items as Obj[]) : [];
  const kind = typeof list.kind === 'string' ? list.kind.replace(/List$/, '') : '';
  return items.map((item) => ({ apiVersion: list.apiVersion, kind, ...item }));
}

export function stripManagedFields(object: Obj): Obj {
  const metadata = object.metadata as Obj | undefined;
  if (!metadata || !('managedFields' in metadata)) return object;
  const { managedFields: _drop, ...rest } = metadata;
  return { ...object, metadata: rest };
}

export function nameOf(object: Obj): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const kind = String(object.kind ?? '').toLowerCase();
  const name = String((object.metadata as Obj | undefined)?.name ?? '');
  return stripControlLine(group ? `${kind}.${group}/${name}` : `${kind}/${name}`);
}

/** A server that ignores the Table Accept header gets kubectl's fallback NAME/AGE columns. */
export function asTable(page: Obj, now: number): ServerTable {
  if (page.kind === 'Table') return page as ServerTable;
  const objects = Array.isArray(page.items) ? listItems(page) : [page];
  return {
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Age', type: 'string' },
    ],
    rows: objects.map((object) => {
      const metadata = (object.metadata ?? {}) as {
        name?: string;
        creationTimestamp?: string;
        namespace?: string;
        labels?: Record<string, string>;
      };
      const created = metadata.creationTimestamp ? Date.parse(metadata.creationTimestamp) : NaN;
      return {
        cells: [
          metadata.name ?? '',
          Number.isNaN(created) ? '<unknown>' : humanDuration(now - created),
        ],
        object: { metadata },
      };
    }),
  };
}
