/**
 * The README and docs/ match the product: every `iddio ...` command line quoted in them names
 * commands and flags that exist in the real command tree (read from the commander program, so
 * a command added later is known at once), every rule named is a shipped rule, every exit code
 * is one iddio gives, every IDDIO_* variable is read by the code, and nothing cites SPEC.
 */
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadRules, shippedRulesDir } from '../../src/classify/load.js';
import { buildProgram } from '../../src/cli/program.js';
import { EXIT } from '../../src/common/exit-codes.js';
import { ROOT } from '../helpers/cli.js';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => join('docs', f))].filter(
  (f) => f.endsWith('.md'),
);
const text = new Map(DOCS.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

/** Inline code spans and fenced blocks: where commands are quoted. */
function codeOf(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
  // An indented block follows a blank line (a list item's continuation lines do not).
  const indented = [...markdown.matchAll(/\n\n((?: {4}.*\n?)+)/g)].map((m) => m[1] ?? '');
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
  return [...blocks, ...indented, ...spans];
}

interface Quoted {
  file: string;
  words: string[];
}

/**
 * Every `iddio ...` (or `node bin/iddio.js ...`) command line quoted in code: at the start of
 * a code span, or in command position on a line of a code block (line start, after `$ `, a
 * pipe, `&&`, `;` or `$(`).
 */
function quotedCommands(): Quoted[] {
  const out: Quoted[] = [];
  const at = /(?:^|\$ |&& |\|\| |; |\| |\$\()(?:iddio|node bin\/iddio\.js)((?: +[^\s#|;&<>`)]+)*)/g;
  for (const [file, markdown] of text) {
    for (const code of codeOf(markdown)) {
      for (const line of code.split('\n')) {
        for (const m of line.trim().matchAll(at)) {
          const words = (m[1] ?? '').trim().split(/ +/).filter(Boolean);
          if (words.length > 0) out.push({ file, words });
        }
      }
    }
  }
  return out;
}

function find(command: Command, name: string): Command | undefined {
  return command.commands.find((c) => c.name() === name || c.aliases().includes(name));
}

/** Checks one quoted command line against the tree; returns what is wrong, if anything. */
function problem(program: Command, words: string[]): string | undefined {
  let command = program;
  let i = 0;
  const first = words[0] ?? '';
  if (/^(-V|--version|--help|-h)$/.test(first)) return undefined;
  // A placeholder (`iddio <command>`), prose, or iddio's own output (`iddio serve: ready`).
  if (/^[<[]/.test(first) || /^[A-Z]/.test(first) || first === '...' || first.endsWith(':'))
    return undefined;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    if (word.startsWith('-') || /^[<[]/.test(word)) break;
    const next = find(command, word);
    if (!next) {
      if (command === program) return `unknown command "${word}"`;
      if (command.commands.length > 0 && command.registeredArguments.length === 0)
        return `unknown subcommand "${word}" of "${command.name()}"`;
      break;
    }
    command = next;
    // Everything after `kubectl`, or after `hook`'s tool, is not iddio's to check.
    if (command.name() === 'kubectl') return undefined;
  }
  const longs = new Set(command.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
  for (const word of words.slice(i)) {
    if (word === '--') break;
    const flag = /^(--?[a-zA-Z][\w-]*)/.exec(word)?.[1];
    if (flag && flag !== '--help' && flag !== '-h' && !longs.has(flag))
      return `unknown flag ${flag} for "${command.name()}"`;
  }
  return undefined;
}

describe('the docs match the product', () => {
  it('every quoted iddio command and flag exists', () => {
    const program = buildProgram();
    const quoted = quotedCommands();
    assert.ok(quoted.length > 50, `only ${quoted.length} commands found`);
    const wrong = quoted
      .map((q) => ({ ...q, why: problem(program, q.words) }))
      .filter((q) => q.why !== undefined)
      .map((q) => `${q.file}: iddio ${q.words.join(' ')}: ${q.why}`);
    assert.deepEqual(wrong, []);
  });

  it('every rule named is a shipped rule', () => {
    const ids = new Set(loadRules({ shippedDir: shippedRulesDir() }).rules.map((r) => r.id));
    const wrong: string[] = [];
    for (const [file, markdown] of text) {
      const named = [
        ...markdown.matchAll(/\brule[:\s]+`([a-z][a-z0-9-]*)`/g),
        ...markdown.matchAll(/\(rule ([a-z][a-z0-9-]*)\b/g),
        ...markdown.matchAll(/"rule": "([a-z][a-z0-9-]*)"/g),
        ...markdown.matchAll(/^\s+rule\s{2,}([a-z][a-z0-9-]*)$/gm),
      ].map((m) => m[1] as string);
      for (const id of named) if (!ids.has(id)) wrong.push(`${file}: rule ${id}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('every exit code quoted is one iddio gives', () => {
    const codes = new Set<number>(Object.values(EXIT));
    const wrong: string[] = [];
    for (const [file, markdown] of text) {
      for (const m of markdown.matchAll(/\bexit(?:s| code| status)? (\d+)\b/g)) {
        if (!codes.has(Number(m[1]))) wrong.push(`${file}: exit ${m[1]}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('every IDDIO_* variable named is read by the code (or the tests), and nothing cites SPEC', () => {
    const source = readAll(join(ROOT, 'src')) + readAll(join(ROOT, 'test'));
    const wrong: string[] = [];
    for (const [file, markdown] of text) {
      for (const name of new Set(markdown.match(/\bIDDIO_[A-Z_]+\b/g) ?? [])) {
        if (!source.includes(name)) wrong.push(`${file}: ${name}`);
      }
      if (/\bSPEC\b/.test(markdown)) wrong.push(`${file}: cites SPEC`);
    }
    assert.deepEqual(wrong, []);
  });
});

function readAll(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath ?? e.path, e.name), 'utf8'))
    .join('\n');
}
