/**
 * The flag table must match the real kubectl v1.32.3: every command path, every flag, its
 * shorthand and whether it takes a value, read back from `kubectl <path> --help`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { COMMAND_FLAGS, GLOBAL_FLAGS } from '../../src/kubectl/flag-table.js';
import { kubectlPath } from '../helpers/kubectl.js';

const run = promisify(execFile);
const env = { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' };

/** Flags as `[short.]name[=]` from help text (optional-value flags compare as value flags). */
function fromHelp(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/gm)) {
    const isBool = m[3] === 'true' || m[3] === 'false';
    out.push(`${m[1] ? `${m[1]}.` : ''}${m[2]}${isBool ? '' : '='}`);
  }
  return out.sort();
}

const fromTable = (tokens: string) =>
  tokens
    .split(' ')
    .filter((t) => t !== '')
    .map((t) => t.replace(/=(\?|i64|i32|dur|gdur)$/, '='))
    .sort();

test('global flags match `kubectl options`', async () => {
  const { stdout } = await run(kubectlPath(), ['options'], { env });
  assert.deepEqual(fromTable(GLOBAL_FLAGS), fromHelp(stdout));
});

test('every command path and its flags match `kubectl <path> --help`', async () => {
  const kubectl = kubectlPath();
  const paths = Object.keys(COMMAND_FLAGS).filter((p) => p !== 'options' && p !== 'help');
  const mismatches: string[] = [];
  for (let i = 0; i < paths.length; i += 8) {
    await Promise.all(
      paths.slice(i, i + 8).map(async (path) => {
        const { stdout } = await run(kubectl, [...path.split(' '), '--help'], { env });
        const expected = fromHelp(stdout);
        const actual = fromTable(COMMAND_FLAGS[path] ?? '');
        if (JSON.stringify(expected) !== JSON.stringify(actual)) {
          mismatches.push(`${path}: kubectl ${expected.join(' ')} / table ${actual.join(' ')}`);
        }
      }),
    );
  }
  assert.deepEqual(mismatches, []);
});

test('the table lists every command kubectl lists', async () => {
  const { stdout } = await run(kubectlPath(), ['--help'], { env });
  const commands = [...stdout.matchAll(/^ {2}([a-z][\w-]*) {2,}/gm)].map((m) => m[1] ?? '');
  const missing = commands.filter((c) => !Object.hasOwn(COMMAND_FLAGS, c));
  assert.deepEqual(missing, []);
  assert.ok(commands.length > 40);
});

/** The Go type kubectl parses a flag's value as, read from the error for a bad value. */
async function probeType(path: string, flag: string): Promise<string> {
  const args = path === 'options' ? ['get'] : path.split(' ');
  const reject = async (value: string): Promise<string> => {
    try {
      await run(kubectlPath(), [...args, `--${flag}=${value}`, '--help'], { env });
      return '';
    } catch (error) {
      return String((error as { stderr: string }).stderr).split('\n')[0] ?? '';
    }
  };
  const text = await reject('abc');
  if (text.includes('strconv.ParseInt')) return (await reject('2147483648')) ? 'i32' : 'i64';
  if (text.includes('time: invalid duration')) return 'dur';
  if (text.endsWith('flag: parse error')) return 'gdur';
  return '';
}

test('flags whose values pflag checks (integers, durations) are typed as kubectl types them', async () => {
  const helpOf = async (path: string) =>
    (
      await run(kubectlPath(), path === 'options' ? ['options'] : [...path.split(' '), '--help'], {
        env,
      })
    ).stdout;
  const tableType = (path: string, flag: string): string => {
    const tokens = path === 'options' ? GLOBAL_FLAGS : (COMMAND_FLAGS[path] ?? '');
    const token = tokens.split(' ').find((t) => t.replace(/^\w\./, '').split('=')[0] === flag);
    return /=(i64|i32|dur|gdur)$/.exec(token ?? '')?.[1] ?? '';
  };
  const paths = [
    'options',
    ...Object.keys(COMMAND_FLAGS).filter((p) => p !== 'options' && p !== 'help'),
  ];
  const mismatches: string[] = [];
  let typed = 0;
  for (let i = 0; i < paths.length; i += 8) {
    await Promise.all(
      paths.slice(i, i + 8).map(async (path) => {
        for (const m of (await helpOf(path)).matchAll(/^ {4}(?:-\w, )?--([\w-]+)=(.*):$/gm)) {
          const [, flag = '', dflt = ''] = m;
          // Strings print quoted, lists as [...], booleans as true/false: only the rest is typed.
          if (/^'|^\[|^(true|false)$/.test(dflt) || dflt === '') continue;
          const expected = await probeType(path, flag);
          if (expected !== '') typed++;
          if (expected !== tableType(path, flag)) {
            mismatches.push(
              `${path} --${flag}: kubectl ${expected || 'string'}, table ${tableType(path, flag) || 'string'}`,
            );
          }
        }
      }),
    );
  }
  assert.deepEqual(mismatches, []);
  assert.ok(typed > 40, `only ${typed} typed flags found`);
});
