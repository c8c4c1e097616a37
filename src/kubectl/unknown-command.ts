/**
 * A first word that is not a kubectl command, as kubectl 1.32 treats it: kubectl first looks
 * for a plugin (`kubectl-<word>` on PATH, see plugins.ts), and only when there is none does
 * cobra refuse the word, suggesting the commands within two edits of it or starting with it:
 *
 *   error: unknown command "gt" for "kubectl"
 *
 *   Did you mean this?
 *   	set
 *   	get
 *   	cp
 *
 * Pure: the suggestions are computed from kubectl's command list in its registration order
 * (the order cobra offers them in), checked against the real kubectl in
 * test/kubectl/unknown-command.test.ts.
 */
import { IddioError } from '../common/errors.js';
import { EXIT } from '../common/exit-codes.js';
import { COMMAND_FLAGS } from './flag-table.js';
import { goQuote } from './go-values.js';

/** kubectl 1.32's available top-level commands, in the order kubectl adds them. */
export const TOP_LEVEL_COMMANDS: readonly string[] = [
  // Basic (beginner), basic (intermediate), deploy, cluster management
  ...['create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete'],
  ...['rollout', 'scale', 'autoscale'],
  ...['certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint'],
  // Troubleshooting, advanced, settings
  ...['describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug'],
  ...['events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize'],
  ...['label', 'annotate', 'completion'],
  // Outside the groups
  ...['config', 'plugin', 'version', 'api-versions', 'api-resources', 'options'],
];

/** Words a command is offered for although they are far from its name (cobra's SuggestFor). */
const SUGGEST_FOR: Readonly<Record<string, readonly string[]>> = {
  get: ['list', 'ps'],
  delete: ['rm'],
  wait: ['list', 'ps'],
};

/** Levenshtein distance over UTF-8 bytes, case-insensitive, as cobra's ld(s, t, true). */
export function editDistance(a: string, b: string): number {
  const s = Buffer.from(a.toLowerCase(), 'utf8');
  const t = Buffer.from(b.toLowerCase(), 'utf8');
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(
        Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = row;
  }
  return previous[t.length] ?? 0;
}

/** cobra's SuggestionsFor with kubectl's minimum distance (2), in cobra's order. */
export function suggestionsFor(word: string): string[] {
  const lower = word.toLowerCase();
  const out: string[] = [];
  for (const name of TOP_LEVEL_COMMANDS) {
    if (editDistance(word, name) <= 2 || name.toLowerCase().startsWith(lower)) out.push(name);
    for (const extra of SUGGEST_FOR[name] ?? []) if (extra === lower) out.push(name);
  }
  return out;
}

/** What kubectl prints on stderr for the word (without the final newline). */
export function unknownCommandText(word: string): string {
  const suggestions = suggestionsFor(word);
  const base = `error: unknown command ${goQuote(word)} for "kubectl"`;
  if (suggestions.length === 0) return base;
  return `${base}\n\nDid you mean this?\n${suggestions.map((name) => `\t${name}`).join('\n')}`;
}

/**
 * The refusal of a word that is neither a command nor a plugin: kubectl's text on stderr
 * (`line`), kubectl's exit code 1, and a one-line reason for the audit log (`message`).
 */
export class UnknownCommandError extends IddioError {
  readonly line: string;

  constructor(word: string) {
    super(
      `unknown command ${goQuote(word)} for "kubectl" (and no kubectl-${word} plugin on PATH)`,
      {
        code: 'unknown-command',
        exitCode: EXIT.kubeFailed,
      },
    );
    this.name = 'UnknownCommandError';
    this.line = unknownCommandText(word);
  }
}

// The list must name only commands the flag table (read from the binary) knows.
for (const name of TOP_LEVEL_COMMANDS) {
  if (COMMAND_FLAGS[name] === undefined) throw new Error(`not a kubectl command: ${name}`);
}
