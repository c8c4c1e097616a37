/**
 * Differential test of the YAML printer's scalars against kubectl 1.32.3 (sigs.k8s.io/yaml →
 * go-yaml v2): config maps holding hard strings and numbers as values and as keys, created
 * raw in one sandbox, read back by `get -o yaml` through the real kubectl and through
 * `iddio kubectl`, and compared value by value. The deliberate terminal-safety escapes
 * (docs/kubectl-compat.md, difference 1) are asserted as such. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { escapeTerminalUnsafeJson } from '../../src/common/terminal-json.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir, type RunResult } from '../helpers/cli.js';
import { iddioSide, kubectlSide, viaIddio, viaKubectl, type Side } from '../compat/harness.js';

const LONG = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');

/** Strings go-yaml must decide plain / 'single' / "double" / |literal for, and fold. */
const STRINGS = [
  ...['<<', '1e400', '-1e400', '.1e400', '1e-400', '1e5', '.5', '0x10', '0o7', '+1', '1_000'],
  ...['.inf', '-.Inf', '.nan', '~', 'null', 'Null', 'y', 'n', 'yes', 'on', 'off', 'Off'],
  ...['2006-01-02', '2006-01-02T15:04:05Z', '2006-1-2 3:4:5', '2006-01-02t15:04:05.5+01:00'],
  ...['2006-13-01', '2006-02-30', '2004-02-29', '2005-02-29', '2006-01-02T24:00:00Z'],
  ...['2006-01-02T15:04:60Z', '2006-01-02T15:04:05+25:00', '2006-01-02T15:04:05+24:00'],
  ...['2006-01-02T15:04:05', '2006-01-02 15:04:05,5', '2006-01-02T15:04:05,5Z', '0000-02-29'],
  ...['1:20', '1:20:30', '190:20:30.15', '1:60', '-1:20', '1:2', '08', '0b101', '-0b101'],
  ...['0b-1', '0b+1', '-0b-1', '+0x10', '+0xFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFF'],
  ...['0x10000000000000000000', '99999999999999999999', '18446744073709551615', '0_7'],
  ...['-9223372036854775808', '-9223372036854775809', '+18446744073709551615', '+inf'],
  ...['.5_5', '._5', '.5e1_0', '.5_', '1__0', '1_', '_1', '1.', '0x', '0b', '0x1p3', '+.5'],
  ...['-', '+', '.', '?', ': ', '#x', 'a #b', 'a# b', '- x', '? x', '-x', '?x', ':x', 'x:'],
  ...['x: y', '---', '--- x', '...', "a'b", "'", '"', '\\', '%x', '@x', '`x', '!x', '&x'],
  ...['*x', '|x', '>x', '{x', '[x', ']x', ',x', 'a,b', 'a{b}', 'x #', 'x#', ''],
  ...[' lead', 'trail ', ' both ', '  two', 'a\nb ', 'a \nb', 'a\n b', 'a\n\n', '\n', '\na'],
  ...[' a\nb', 'a\nb\n', 'tab\there', '\ttab', 'tab\t', 'a\tb\nc', 'x\u0000y', 'x\u001by'],
  ...[LONG, `${'x'.repeat(100)} y`, `${LONG}\n${LONG}`, `'${LONG}'`, `"q" ${LONG}`],
  ...[`${LONG}: x`, `a${'  '.repeat(50)}b`, `${LONG}  ${LONG}`, `${LONG.replace(/ /g, '\t')}`],
  ...['é ü ß', '日本語', 'emoji 😀', '\u00a0nbsp', 'x\ufeffy', 'x\u00a0 y'],
  ...['日本語 '.repeat(30), `tab\t${LONG}`, `'${LONG}  '${LONG}`, `x\u0007 ${LONG}   ${LONG}`],
  ...[`${LONG}\n  ${LONG}`, `emoji 😀 ${LONG}`, LONG.replace(/ /g, '  '), `${'a'.repeat(80)} b c`],
  ...['x\r\ny', 'x\ry', '\r', 'a\n\tb', `\u3000${LONG}`, 'x \nx \nx \n'],
];

/** JSON numbers: kubectl re-reads them through JSON → go-yaml, so floats print as Go's %g. */
const NUMBERS = [
  ...[1234567.5, 100000.5, 1000000, 123456.7, 999999.9, 1e20, 1e21, 1.5e21, 1e-4, 1e-5],
  ...[0.00012345, 1.5e-7, 2 ** 63, 18446744073709550000, 2 ** 64, -(2 ** 63), 0.1, 1e100],
  ...[-1234567.5, 5e-324, 1.7976931348623157e308, 12345678.9, 1e15, 1.5, -0.5, 0, 1e16],
  ...[123456789012345680000, 2.5e-5, -1e-7],
];

/** Keys: quoting as above, plus go-yaml's explicit `? key` form for long or multi-line keys. */
const KEYS = [
  ...['<<', '1e400', '.5_5', '0b-1', '2006-13-01', '2006-02-30', '+0xFFFFFFFFFFFFFFFF', 'y'],
  ...['1e5', '', '-', ': ', '#x', ' lead', 'a\nb', 'a\nb\n', '\n', '\na', ' a\nb', 'a\n\n'],
  ...['a\tb\nc', 'a\nb ', LONG, `'${LONG}'`, `"q" ${LONG}`, `${LONG}: x`, `${LONG}\n${LONG}`],
  ...['x'.repeat(128), 'x'.repeat(129), `${'é'.repeat(64)}x`, 'tab\there', 'emoji 😀'],
];

/** go-yaml's natural key order (a set without the cycles its comparator can form). */
const ORDER = [
  ...['a10', 'a9', 'a1', 'B', '_x', 'b', 'x00', 'x0', 'x01', '18446744073709551615', '5'],
  ...['é', 'Z9', 'z10', 'v\u0663', 'v5', 'x 2', 'x-1', 'x_1', 'A', '-', '.', '~', '~1', '日本'],
];

/** Explicit keys holding mappings, sequences, empty collections and literals, nested. */
const NESTED = {
  'a\nb': { x: 1, y: [1, 2, { z: 'a\nb' }] },
  'c\nd': [1, [2, 3], { k: 'v', k2: { m: 1 } }],
  'e\nf': {},
  'g\nh': [],
  'i\nj': null,
  'k\nl': 'x\ny\n',
  [LONG]: { n: [LONG] },
  m: { 'o\np': { q: 1.5e-7 } },
  s: [{ 't\nu': [1] }],
  'w\n': 'a\n',
};

/** Documented differences: kubectl writes these raw (U+0085 even becomes a space). */
const ESCAPED: Array<[string, string]> = [
  ['x\u202ey', '"x\\u202Ey"'],
  ['x\u2066y', '"x\\u2066y"'],
  ['x\u200by', '"x\\u200By"'],
  ['x\u3164y', '"x\\u3164y"'],
  ['x\u2028y', '"x\\Ly"'],
  ['x\u2029y', '"x\\Py"'],
  ['x\u0085y', '"x\\Ny"'],
];
/** Documented differences: kubectl refuses the whole object, iddio escapes. */
const REFUSED: Array<[string, string]> = [
  ['x\u007fy', '"x\\x7Fy"'],
  ['x\u009by', '"x\\x9By"'],
  ['x\ufffey', '"x\\uFFFEy"'],
];

const VALUES: unknown[] = [...STRINGS, ...NUMBERS, ...ESCAPED.map(([text]) => text)];
const ESCAPED_FROM = STRINGS.length + NUMBERS.length;
const id = (i: number): string => String(i).padStart(3, '0');
/** A test name safe to print: JSON with the terminal-unsafe characters escaped. */
const show = (text: string): string => escapeTerminalUnsafeJson(JSON.stringify(text));

/** Each config map's `data` lines in a `get -o yaml` List, by object name. */
function dataSections(yaml: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  for (const item of yaml.split(/^- /m).slice(1)) {
    const name = /^ {4}name: (.*)$/m.exec(item)?.[1] ?? '?';
    const lines = item.split('\n');
    const rest = lines.slice(lines.indexOf('  data:') + 1);
    const end = rest.findIndex((line) => /^ {0,2}\S/.test(line));
    sections.set(name, rest.slice(0, end));
  }
  return sections;
}

/**
 * The entries of each config map's `data`, as text blocks (a key's line plus its
 * continuation lines), keyed by object name and entry id: `kNNN` keys, or the `vNNN` value
 * that ends the block of a hard key.
 */
function dataBlocks(yaml: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const [name, lines] of dataSections(yaml)) {
    let current: string[] = [];
    const flush = (): void => {
      if (current.length === 0) return;
      const text = current.join('\n');
      const key = /^ {4}(k\d{3}):/.exec(text)?.[1] ?? /: (v\d{3})$/.exec(text)?.[1] ?? text;
      blocks.set(`${name}/${key}`, text);
      current = [];
    };
    for (const line of lines) {
      if (/^ {4}\S/.test(line) && !line.startsWith('    : ')) flush();
      current.push(line);
    }
    flush();
  }
  return blocks;
}

function configMap(name: string, data: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
}

describe('YAML scalars: iddio kubectl get -o yaml vs kubectl 1.32.3', () => {
  let sandbox: Sandbox;
  let real: RunResult;
  let ours: RunResult;
  let realRefused: RunResult;
  let oursRefused: RunResult;
  let realBlocks: Map<string, string>;
  let ourBlocks: Map<string, string>;

  before(async () => {
    sandbox = await startSandbox();
    const kubectl: Side = kubectlSide(sandbox.kubeconfigPath);
    const iddio = iddioSide(sandbox.kubeconfigPath);
    const dir = tempDir('iddio-yaml-scalars-');
    const objects: Record<string, string> = {
      'yaml-values': configMap(
        'yaml-values',
        Object.fromEntries(VALUES.map((value, i) => [`k${id(i)}`, value])),
      ),
      'yaml-keys': configMap(
        'yaml-keys',
        Object.fromEntries(KEYS.map((key, i) => [key, `v${id(i)}`])),
      ),
      'yaml-nested': configMap('yaml-nested', NESTED),
      'yaml-order': configMap('yaml-order', Object.fromEntries(ORDER.map((key) => [key, 'v']))),
      'yaml-refused': configMap(
        'yaml-refused',
        Object.fromEntries(REFUSED.map(([text], i) => [`k${id(i)}`, text])),
      ),
    };
    await Promise.all(
      Object.entries(objects).map(async ([name, json]) => {
        const file = join(dir, `${name}.json`);
        writeFileSync(file, json);
        const path = '/api/v1/namespaces/default/configmaps';
        const created = await viaKubectl(['create', '--raw', path, '-f', file], kubectl);
        assert.equal(created.code, 0, created.stderr);
      }),
    );
    const get = [
      'get',
      'cm',
      'yaml-values',
      'yaml-keys',
      'yaml-nested',
      'yaml-order',
      '-o',
      'yaml',
    ];
    const refused = ['get', 'cm', 'yaml-refused', '-o', 'yaml'];
    [real, ours, realRefused, oursRefused] = await Promise.all([
      viaKubectl(get, kubectl),
      viaIddio(get, iddio),
      viaKubectl(refused, kubectl),
      viaIddio(refused, iddio),
    ]);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(ours.code, 0, ours.stderr);
    realBlocks = dataBlocks(real.stdout);
    ourBlocks = dataBlocks(ours.stdout);
  });
  after(() => sandbox.stop());

  const same = (key: string): void => {
    const expected = realBlocks.get(key);
    assert.ok(expected !== undefined, `kubectl printed no ${key}`);
    assert.equal(ourBlocks.get(key), expected);
  };

  describe('string values', () => {
    STRINGS.forEach((text, i) => it(show(text), () => same(`yaml-values/k${id(i)}`)));
  });

  describe('numbers', () => {
    NUMBERS.forEach((value, i) =>
      it(String(value), () => same(`yaml-values/k${id(STRINGS.length + i)}`)),
    );
  });

  describe('keys', () => {
    KEYS.forEach((key, i) => it(show(key), () => same(`yaml-keys/v${id(i)}`)));
  });

  it('nests mappings and sequences under explicit keys', () => {
    const nested = (text: string): string =>
      (dataSections(text).get('yaml-nested') ?? []).join('\n');
    assert.match(nested(real.stdout), /^ {4}\? \|-\n {6}a\n {6}b\n {4}: x: 1\n/);
    assert.equal(nested(ours.stdout), nested(real.stdout));
  });

  it('orders keys as go-yaml does', () => {
    const keysOf = (blocks: Map<string, string>): string[] =>
      [...blocks.keys()].filter((key) => key.startsWith('yaml-order/'));
    assert.equal(keysOf(realBlocks).length, ORDER.length);
    assert.deepEqual(keysOf(ourBlocks), keysOf(realBlocks));
  });

  it('prints the whole List identically, the escaped values aside', () => {
    const escapedIds = ESCAPED.map((_, i) => `yaml-values/k${id(ESCAPED_FROM + i)}`);
    const without = (text: string, blocks: Map<string, string>): string =>
      escapedIds.reduce((rest, key) => rest.replace(blocks.get(key) ?? key, '<escaped>'), text);
    assert.equal(without(ours.stdout, ourBlocks), without(real.stdout, realBlocks));
  });

  describe('documented difference: terminal-unsafe characters are escaped', () => {
    ESCAPED.forEach(([text, escaped], i) => {
      const key = `yaml-values/k${id(ESCAPED_FROM + i)}`;
      it(`${show(text)} → ${escaped}`, () => {
        const raw = text.codePointAt(1) === 0x85 ? ' ' : text.slice(1, 2);
        assert.ok(realBlocks.get(key)?.includes(raw), 'kubectl prints it raw');
        assert.equal(ourBlocks.get(key), `    k${id(ESCAPED_FROM + i)}: ${escaped}`);
      });
    });
    it('DEL, C1 and U+FFFE: kubectl refuses the object, iddio prints it escaped', () => {
      assert.equal(realRefused.code, 1);
      assert.equal(realRefused.stderr, 'error: yaml: control characters are not allowed\n');
      assert.equal(oursRefused.code, 0, oursRefused.stderr);
      REFUSED.forEach(([, escaped], i) =>
        assert.ok(oursRefused.stdout.includes(`\n  k${id(i)}: ${escaped}\n`), escaped),
      );
    });
  });
});
