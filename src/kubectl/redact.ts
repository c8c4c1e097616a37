/**
 * Credentials in a kubectl argv, replaced before the argv reaches the audit log, an approval
 * inbox file or a terminal. The argv keeps its shape (same words, same positions, flag forms
 * `--token=x`, `--token x`, `-px`, `-p=x` kept) so a reader still sees what was run.
 *
 * The argv is walked with the flag set of the command kubectl would run (argv.ts), so a
 * value is known to belong to `--patch` even as `-p`, and positionals are told from flag
 * values. What is secret depends on the command: `config set users.x.token V`, `set env
 * deploy/x K=V`, `patch secret s -p …`. An argv that does not parse (or a plugin's) is
 * redacted conservatively instead. redactArgv never throws: a redaction failure must not
 * become an audit failure, nor an unredacted log line.
 */
import { parseArgv } from './argv.js';
import { flagSetFor, type FlagSet, type FlagSpec } from './flags.js';

export const REDACTED = '[REDACTED]';

/** Flags whose whole value is a secret, whatever the command. */
const SECRET_FLAGS = new Set([
  'token',
  'password',
  'username',
  'client-key',
  'client-key-data',
  'client-certificate-data',
  'token-data',
  'docker-password',
  'docker-username',
  'auth-provider-arg',
  'exec-env',
  'exec-arg',
  // A whole object as JSON (run, debug): may carry env values, tokens, anything.
  'overrides',
]);

/** Any other flag named like a credential (kubectl adds flags; fail closed on the name). */
const CREDENTIAL_NAME = /token|passw|secret|cred/i;
/** Conservative mode (unparsed argv) also treats any name with "key" as a credential. */
const CONSERVATIVE_NAME = /token|passw|secret|key|cred/i;

/** Flags whose value is KEY=SECRET: the key stays (it explains the command), the value goes. */
const KEY_VALUE_FLAGS = new Set(['from-literal', 'env']);

/** `config set` properties whose value is a credential (users.* is all credential material). */
const CREDENTIAL_PROPERTY = /^users\.|token|passw|secret|key|cred|auth|username|exec/i;

/** Commands whose words after `--` are a program's argv (kept, except for URL credentials). */
const CONTAINER_COMMAND = new Set(['exec', 'run', 'debug']);

/**
 * The userinfo of a URL (`https://user:pass@host`), in any word: `--server`, `--proxy-url`,
 * `config set clusters.x.server`, a container command's argument. Everything up to the last
 * `@` before the host's end is userinfo, as WHATWG URL reads it.
 */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/gi;

export function redactUrlCredentials(word: string): string {
  return word.replace(URL_USERINFO, `$1${REDACTED}@`);
}

/** A resource argument (`secret`, `secrets/x`, `Secret.v1`) naming the Secret kind. */
const SECRET_RESOURCE = /^secrets?(\.v1)?(\.|\/|$)/i;

function keepKey(value: string): string {
  const eq = value.indexOf('=');
  return eq === -1 ? REDACTED : `${value.slice(0, eq)}=${REDACTED}`;
}

/** How a command's words are treated: which flag values and positionals are secret. */
interface Rules {
  flag(name: string, value: string): string;
  /** `index` counts bare words after the command words; `previous` is the argv word before. */
  positional(index: number, value: string, previous: string | undefined): string;
}

function parsedRules(path: string[], positionals: string[]): Rules {
  const command = path.join(' ');
  // `patch -f file -p …` or `patch TYPE/NAME` of an unknown kind: the target may be a secret.
  const patchesSecret =
    path[0] === 'patch' &&
    (positionals.length === 0 || positionals.some((p) => SECRET_RESOURCE.test(p)));
  const credentialProperty =
    command === 'config set' && CREDENTIAL_PROPERTY.test(positionals[0] ?? '');
  return {
    flag(name, value) {
      if (KEY_VALUE_FLAGS.has(name)) return keepKey(value);
      if (SECRET_FLAGS.has(name) || CREDENTIAL_NAME.test(name)) return REDACTED;
      if (name === 'patch' && patchesSecret) return REDACTED;
      return value;
    },
    positional(index, value) {
      if (credentialProperty && index >= 1) return REDACTED;
      // `config set users.x.token=VALUE` as one word: kubectl refuses it, but it is on record.
      if (credentialProperty && index === 0 && value.includes('=')) return keepKey(value);
      if (command === 'set env' && value.includes('=')) return keepKey(value);
      return value;
    },
  };
}

/** For an argv that does not parse: every credential-named flag, every KEY=VALUE, every -p. */
const conservativeRules: Rules = {
  flag(name, value) {
    if (KEY_VALUE_FLAGS.has(name)) return keepKey(value);
    if (SECRET_FLAGS.has(name) || CONSERVATIVE_NAME.test(name) || name === 'patch') {
      return REDACTED;
    }
    return keepKeyIfPair(value);
  },
  // `… users.admin.token VALUE` in a command we could not parse: redact the VALUE too.
  positional: (_index, value, previous) =>
    previous !== undefined && /[.]/.test(previous) && CREDENTIAL_PROPERTY.test(previous)
      ? REDACTED
      : keepKeyIfPair(value),
};

function keepKeyIfPair(value: string): string {
  return value.includes('=') ? keepKey(value) : value;
}

/**
 * Walks argv as pflag does (argv.ts parseFlags) and rewrites flag values and positionals
 * with `rules`. Unknown flags (only in conservative mode) take the next word, as cobra
 * assumes while looking for the command, unless that word looks like a flag itself.
 */
function walk(
  argv: readonly string[],
  set: FlagSet,
  rules: Rules,
  commandWords: number,
  /** The command runs a program (exec, run, debug): its argv after `--` is kept. */
  keepAfterDash: boolean,
): string[] {
  const out: string[] = [];
  // Bare words seen; the first `commandWords` are the command (cobra finds them first).
  let bare = 0;
  let afterDash = false;
  const valueOf = (spec: FlagSpec | undefined, name: string, value: string): string =>
    rules.flag(spec?.name ?? name, value);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--' && !afterDash) {
      // The container command of exec/run/debug: the program's own argv, kept as given (but
      // for credentials in URLs, below). For any other command the words after `--` are its
      // positionals, redacted as such: `config set -- users.x.token VALUE`.
      if (keepAfterDash) {
        out.push(...argv.slice(i));
        break;
      }
      out.push(arg);
      afterDash = true;
      continue;
    }
    if (afterDash || arg.length < 2 || arg[0] !== '-') {
      const index = bare++ - commandWords;
      out.push(index < 0 ? arg : rules.positional(index, arg, argv[i - 1]));
      continue;
    }
    // An unknown flag (conservative mode only) takes the next word unless that looks like a
    // flag: `--bogus --token S` must still see --token.
    const takesNext = (spec: FlagSpec | undefined): boolean =>
      i + 1 < argv.length &&
      (spec !== undefined ? spec.noOptDefault === undefined : !/^-./.test(argv[i + 1] ?? ''));
    if (arg[1] === '-') {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq === -1 ? body : body.slice(0, eq);
      const spec = set.byName.get(name);
      if (eq !== -1) out.push(`--${name}=${valueOf(spec, name, body.slice(eq + 1))}`);
      else {
        out.push(arg);
        if (takesNext(spec)) out.push(valueOf(spec, name, argv[++i] ?? ''));
      }
      continue;
    }
    // A bundle of shorthands: -abc, -pVALUE, -p=VALUE, -p VALUE.
    let prefix = '-';
    let rest = arg.slice(1);
    while (rest.length > 0) {
      const c = rest[0] ?? '';
      const spec = set.byShort.get(c);
      if (spec?.noOptDefault !== undefined) {
        prefix += c;
        rest = rest.slice(1);
        continue;
      }
      if (rest.length > 2 && rest[1] === '=') {
        out.push(`${prefix}${c}=${valueOf(spec, c, rest.slice(2))}`);
      } else if (rest.length > 1) {
        out.push(`${prefix}${c}${valueOf(spec, c, rest.slice(1))}`);
      } else {
        out.push(`${prefix}${c}`);
        if (takesNext(spec)) out.push(valueOf(spec, c, argv[++i] ?? ''));
      }
      prefix = '';
      rest = '';
    }
    if (prefix !== '') out.push(prefix);
  }
  return out;
}

/**
 * The parsed parts of an argv, redacted with the same rules as redactArgv: for printing an
 * Invocation's `args` (positionals after the command words) and `flags` (by long name).
 * `command` is the command path, e.g. ['set', 'env']; `args` the positionals.
 */
export function redactParsed(
  command: readonly string[],
  args: readonly string[],
  flags: Readonly<Record<string, readonly string[]>>,
): { args: string[]; flags: Record<string, string[]> } {
  try {
    const rules = parsedRules([...command], [...args]);
    return {
      args: args.map((arg, i) => redactUrlCredentials(rules.positional(i, arg, args[i - 1]))),
      flags: Object.fromEntries(
        Object.entries(flags).map(([name, values]) => [
          name,
          values.map((value) => redactUrlCredentials(rules.flag(name, value))),
        ]),
      ),
    };
  } catch {
    return {
      args: args.map(() => REDACTED),
      flags: Object.fromEntries(Object.keys(flags).map((name) => [name, [REDACTED]])),
    };
  }
}

/** The argv with every credential replaced by REDACTED. Total: never throws, never mutates. */
export function redactArgv(argv: readonly string[]): string[] {
  let words: string[];
  try {
    words = Array.from(argv, (word) => (typeof word === 'string' ? word : String(word)));
  } catch {
    return []; // not an argv at all (a caller's bug): nothing to leak
  }
  try {
    const parsed = parseArgv(words);
    if (parsed.plugin === undefined) {
      const keepAfterDash = CONTAINER_COMMAND.has(parsed.path[0] ?? '');
      // Words after `--` are positionals too, unless they are a program's argv.
      const positionals = keepAfterDash
        ? parsed.positionals
        : [...parsed.positionals, ...parsed.afterDash];
      const rules = parsedRules(parsed.path, positionals);
      return walk(
        words,
        flagSetFor(parsed.path.join(' ')),
        rules,
        parsed.path.length,
        keepAfterDash,
      ).map(redactUrlCredentials);
    }
  } catch {
    // Not kubectl's grammar (a usage error, or a bug in the parser): fall through.
  }
  try {
    // Conservative: the root flag set (globals) and `-p`/`-e` read as --patch/--env.
    return walk(words, CONSERVATIVE_SET, conservativeRules, 0, false).map(redactUrlCredentials);
  } catch {
    return words.map(() => REDACTED);
  }
}

const CONSERVATIVE_SET: FlagSet = (() => {
  const root = flagSetFor('');
  const byShort = new Map(root.byShort);
  byShort.set('p', { name: 'patch', short: 'p', kind: 'value', global: false });
  byShort.set('e', { name: 'env', short: 'e', kind: 'value', global: false });
  return { byName: root.byName, byShort };
})();
