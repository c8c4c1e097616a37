/**
 * kubectl's argv grammar: cobra finds the command words among the flags, then pflag parses
 * every flag of that command (its own, then the global ones) anywhere on the line. The
 * quirks are kubectl's, kept on purpose so iddio sees what kubectl would run:
 * a value flag takes the next word even when it starts with '-', `--` ends flag parsing,
 * `-abc` bundles booleans, `-nfoo` and `-n=foo` are the namespace foo, and while looking for
 * the command an unknown `--flag` is assumed to take the next word as its value.
 */
import { UsageError } from '../common/errors.js';
import { findSubcommand, hasSubcommands, isGroupOnly } from './commands.js';
import { flagSetFor, parseGoBool, type FlagSet, type FlagSpec } from './flags.js';
import { goQuote, parseGoDuration, parseGoInt, type GoValue } from './go-values.js';

export interface ParsedArgv {
  /** Canonical command words, e.g. ['create', 'secret', 'generic']; [] for bare `kubectl`. */
  path: string[];
  /** The first word when it is not a kubectl command (a plugin). */
  plugin?: string;
  pluginArgs?: string[];
  /** Positional arguments before `--`. */
  positionals: string[];
  /** Arguments after `--`. */
  afterDash: string[];
  /** Parsed flags by long name, every occurrence in order. */
  flags: Map<string, string[]>;
  /** The specs of the flags that were given (to tell a local --token from the global one). */
  specs: Map<string, FlagSpec>;
}

/** A usage error in kubectl's own words (print it as `error: <message>`). */
export class KubectlUsageError extends UsageError {
  constructor(message: string) {
    super(message, { code: 'kubectl-usage' });
    this.name = 'KubectlUsageError';
  }
}

function takesValue(spec: FlagSpec | undefined): boolean {
  return spec === undefined || spec.kind === 'value';
}

/** Cobra's stripFlags: the non-flag words of args, as seen while searching for a command. */
function commandWords(args: string[], flags: FlagSet): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    const long = arg.startsWith('--') && !arg.includes('=');
    const short = !long && arg.startsWith('-') && !arg.includes('=') && arg.length === 2;
    if (
      (long && takesValue(flags.byName.get(arg.slice(2)))) ||
      (short && takesValue(flags.byShort.get(arg.slice(1))))
    ) {
      if (args.length - i - 1 <= 1) break;
      i++;
      continue;
    }
    if (arg !== '' && !arg.startsWith('-')) words.push(arg);
  }
  return words;
}

/** Cobra's argsMinusFirstX: args without the first bare occurrence of the command word. */
function withoutWord(args: string[], word: string, flags: FlagSet): string[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    const long = arg.startsWith('--') && !arg.includes('=');
    const short = !long && arg.startsWith('-') && !arg.includes('=') && arg.length === 2;
    if (
      (long && takesValue(flags.byName.get(arg.slice(2)))) ||
      (short && takesValue(flags.byShort.get(arg.slice(1))))
    ) {
      i++;
      continue;
    }
    if (!arg.startsWith('-') && arg === word) return [...args.slice(0, i), ...args.slice(i + 1)];
  }
  return args;
}

function flagLabel(spec: FlagSpec): string {
  return spec.short !== undefined ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function record(out: ParsedArgv, spec: FlagSpec, value: string): void {
  const problem = valueProblem(spec, value);
  if (problem !== undefined) {
    throw new KubectlUsageError(
      `invalid argument ${goQuote(value)} for "${flagLabel(spec)}" flag: ${problem}`,
    );
  }
  const values = out.flags.get(spec.name) ?? [];
  values.push(value);
  out.flags.set(spec.name, values);
  out.specs.set(spec.name, spec);
}

/** Why pflag would refuse `value` for this flag, in Go's words (undefined when it accepts it). */
function valueProblem(spec: FlagSpec, value: string): string | undefined {
  if (spec.kind === 'bool') {
    return parseGoBool(value) === undefined
      ? `strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`
      : undefined;
  }
  let parsed: GoValue<bigint> | undefined;
  if (spec.type === 'i64' || spec.type === 'i32')
    parsed = parseGoInt(value, spec.type === 'i64' ? 64 : 32);
  else if (spec.type === 'dur') parsed = parseGoDuration(value);
  else if (spec.type === 'gdur')
    parsed = parseGoDuration(value).ok ? undefined : { ok: false, error: 'parse error' };
  return parsed !== undefined && !parsed.ok ? parsed.error : undefined;
}

/** pflag's parsing of one command's arguments. Returns the index after the last consumed. */
function parseFlags(args: string[], flags: FlagSet, out: ParsedArgv): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      out.afterDash = args.slice(i + 1);
      return;
    }
    if (arg.length < 2 || arg[0] !== '-') {
      out.positionals.push(arg);
      continue;
    }
    if (arg[1] === '-') {
      const body = arg.slice(2);
      if (body === '' || body[0] === '-' || body[0] === '=') {
        throw new KubectlUsageError(`bad flag syntax: ${arg}`);
      }
      const eq = body.indexOf('=');
      const name = eq === -1 ? body : body.slice(0, eq);
      const spec = flags.byName.get(name);
      if (spec === undefined) throw new KubectlUsageError(`unknown flag: --${name}`);
      if (eq !== -1) record(out, spec, body.slice(eq + 1));
      else if (spec.noOptDefault !== undefined) record(out, spec, spec.noOptDefault);
      else if (i + 1 < args.length) record(out, spec, args[++i] ?? '');
      else throw new KubectlUsageError(`flag needs an argument: ${arg}`);
      continue;
    }
    // A bundle of shorthands: -abc, -nfoo, -n=foo, -n foo.
    let rest = arg.slice(1);
    while (rest.length > 0) {
      const c = rest[0] ?? '';
      const spec = flags.byShort.get(c);
      if (spec === undefined) {
        throw new KubectlUsageError(`unknown shorthand flag: '${c}' in -${rest}`);
      }
      if (rest.length > 2 && rest[1] === '=') {
        record(out, spec, rest.slice(2));
        rest = '';
      } else if (spec.noOptDefault !== undefined) {
        record(out, spec, spec.noOptDefault);
        rest = rest.slice(1);
      } else if (rest.length > 1) {
        record(out, spec, rest.slice(1));
        rest = '';
      } else if (i + 1 < args.length) {
        record(out, spec, args[++i] ?? '');
        rest = '';
      } else {
        throw new KubectlUsageError(`flag needs an argument: '${c}' in -${rest}`);
      }
    }
  }
}

/** Parses kubectl's argv (without the leading `kubectl`) into command words, flags and args. */
export function parseArgv(argv: string[]): ParsedArgv {
  const out: ParsedArgv = {
    path: [],
    positionals: [],
    afterDash: [],
    flags: new Map(),
    specs: new Map(),
  };
  let current = '';
  let args = argv;
  for (;;) {
    const set = flagSetFor(current);
    const words = commandWords(args, set);
    const word = words[0];
    if (word === undefined) break;
    const next = findSubcommand(current, word);
    if (next === undefined) {
      if (current === '') {
        // Not a kubectl command: kubectl looks for a plugin named kubectl-<word>.
        if ((argv[0] ?? '').startsWith('-')) {
          throw new KubectlUsageError(`flags cannot be placed before plugin name: ${argv[0]}`);
        }
        out.plugin = word;
        out.pluginArgs = argv.slice(1);
        return out;
      }
      if (isGroupOnly(current)) throw new KubectlUsageError(`unknown command "${word}"`);
      break;
    }
    args = withoutWord(args, word, set);
    current = current === '' ? next : `${current} ${next}`;
    out.path.push(next);
    if (!hasSubcommands(current)) break;
  }
  parseFlags(args, flagSetFor(current), out);
  return out;
}
