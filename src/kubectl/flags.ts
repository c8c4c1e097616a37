/**
 * Flag specifications per command, built from the compact table in flag-table.ts. A command's
 * own flags shadow global flags of the same name, as cobra's flag merging does
 * (`create rolebinding --user` names a subject, not a kubeconfig user).
 */
import { COMMAND_FLAGS, GLOBAL_FLAGS } from './flag-table.js';

export type FlagKind = 'bool' | 'value' | 'optional';
/** The Go type pflag parses a value flag's value as (plain string when absent). */
export type ValueType = 'i64' | 'i32' | 'dur' | 'gdur';
const VALUE_TYPES: ReadonlySet<string> = new Set<ValueType>(['i64', 'i32', 'dur', 'gdur']);

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  type?: ValueType;
  /** The value used when the flag is given without one (pflag's NoOptDefVal). */
  noOptDefault?: string;
  global: boolean;
}

export interface FlagSet {
  byName: ReadonlyMap<string, FlagSpec>;
  byShort: ReadonlyMap<string, FlagSpec>;
}

const OPTIONAL_DEFAULTS: Readonly<Record<string, string>> = {
  'dry-run': 'unchanged',
  validate: 'strict',
  cascade: 'background',
};

const HELP: FlagSpec = {
  name: 'help',
  short: 'h',
  kind: 'bool',
  noOptDefault: 'true',
  global: true,
};

function parseTokens(tokens: string, global: boolean): FlagSpec[] {
  return tokens
    .split(' ')
    .filter((token) => token !== '')
    .map((token) => {
      const dot = token.indexOf('.');
      const short = dot === 1 ? token[0] : undefined;
      let name = dot === 1 ? token.slice(2) : token;
      let kind: FlagKind = 'bool';
      let type: ValueType | undefined;
      const typed = /=(\w+)$/.exec(name);
      if (typed && VALUE_TYPES.has(typed[1] ?? '')) {
        type = typed[1] as ValueType;
        name = name.slice(0, -type.length);
      }
      if (name.endsWith('=?')) {
        kind = 'optional';
        name = name.slice(0, -2);
      } else if (name.endsWith('=')) {
        kind = 'value';
        name = name.slice(0, -1);
      }
      const spec: FlagSpec = { name, kind, global };
      if (short !== undefined) spec.short = short;
      if (type !== undefined) spec.type = type;
      if (kind === 'bool') spec.noOptDefault = 'true';
      if (kind === 'optional') spec.noOptDefault = OPTIONAL_DEFAULTS[name] ?? '';
      return spec;
    });
}

const globalSpecs = [HELP, ...parseTokens(GLOBAL_FLAGS, true)];
const cache = new Map<string, FlagSet>();

function build(specs: FlagSpec[]): FlagSet {
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const spec of specs) {
    if (byName.has(spec.name)) continue; // first wins: local flags are listed before globals
    byName.set(spec.name, spec);
    if (spec.short !== undefined && !byShort.has(spec.short)) byShort.set(spec.short, spec);
  }
  return { byName, byShort };
}

/** The flags cobra would accept for a command path ('' is the root: globals and -h only). */
export function flagSetFor(commandPath: string): FlagSet {
  let set = cache.get(commandPath);
  if (set === undefined) {
    const local = commandPath === '' ? '' : (COMMAND_FLAGS[commandPath] ?? '');
    set = build([...parseTokens(local, false), ...globalSpecs]);
    cache.set(commandPath, set);
  }
  return set;
}

/** Parses a boolean the way Go's strconv.ParseBool does; undefined when it is not one. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
