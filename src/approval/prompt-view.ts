/**
 * What the terminal prompt shows (SPEC §6), as plain strings: every value from the agent or
 * the cluster goes through stripControlLine, so a resource name carrying a clear-screen, a
 * cursor move or a window-title sequence prints as inert text — and says that it was cleaned,
 * because the name the human reads is then not byte-for-byte the name on the cluster.
 */
import type { ChalkInstance } from 'chalk';
import { stripControlLine } from '../common/sanitize.js';
import { redactArgv } from '../kubectl/redact.js';
import type { ApprovalRequest } from './types.js';

/** Quotes an argv word the way a shell user would read it; the word is already clean. */
function shellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function clean(value: string): { text: string; changed: boolean } {
  const text = stripControlLine(value);
  return { text, changed: text !== value };
}

export function commandLine(argv: readonly string[]): { text: string; changed: boolean } {
  let changed = false;
  const words = argv.map((word) => {
    const c = clean(word);
    changed ||= c.changed;
    return shellWord(c.text);
  });
  return { text: ['kubectl', ...words].join(' '), changed };
}

export function tierColour(chalk: ChalkInstance, tier: number): (text: string) => string {
  if (tier <= 0) return chalk.green;
  if (tier === 1) return chalk.cyan;
  if (tier === 2) return chalk.yellow;
  if (tier === 3) return chalk.red.bold;
  return chalk.bgRed.white.bold;
}

export function timeLeftText(msLeft: number): string {
  const s = Math.max(0, Math.ceil(msLeft / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** The header above the yes/no question; the last line is the countdown. */
export function promptLines(
  request: ApprovalRequest,
  chalk: ChalkInstance,
  msLeft: number,
): string[] {
  const colour = tierColour(chalk, request.tier);
  const label = (name: string): string => chalk.dim(name.padEnd(14));
  const cleaned = (value: string | undefined): string => {
    if (value === undefined || value === '') return chalk.dim('(none)');
    const c = clean(value);
    return c.changed ? `${c.text} ${chalk.yellow('[control characters removed]')}` : c.text;
  };
  // Credentials in the argv are hidden here as in the audit log and the inbox file.
  const command = commandLine(redactArgv(request.argv));
  const tier = `T${request.tier} ${clean(request.tierLabel).text}`;
  const lines = [
    '',
    chalk.bold(`iddio: an agent asks to run a ${colour(tier)}${chalk.bold(' command')}`),
    `  ${label('agent')}${cleaned(request.agent)} (identity: ${cleaned(request.identity)})`,
    `  ${label('context')}${cleaned(request.context)}  server ${cleaned(request.server)}`,
    `  ${label('namespace')}${cleaned(request.namespace)}`,
    `  ${label('command')}${chalk.bold(command.text)}${command.changed ? ` ${chalk.yellow('[control characters removed]')}` : ''}`,
    `  ${label('tier')}${colour(tier)}`,
    `  ${label('rule')}${cleaned(request.rule)}`,
  ];
  if (request.reason !== undefined) lines.push(`  ${label('why asked')}${cleaned(request.reason)}`);
  lines.push(`  ${label('request')}${cleaned(request.requestId)}`);
  if (request.blastRadius !== undefined) {
    lines.push(`  ${label('blast radius')}${cleaned(request.blastRadius.summary)}`);
  }
  lines.push(countdownLine(chalk, msLeft));
  return lines;
}

export function countdownLine(chalk: ChalkInstance, msLeft: number): string {
  const left = timeLeftText(msLeft);
  return `  ${chalk.dim('time left'.padEnd(14))}${msLeft <= 10_000 ? chalk.red(left) : left} (no answer = no)`;
}
