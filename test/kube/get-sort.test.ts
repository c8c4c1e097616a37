/**
 * `get --sort-by` as kubectl 1.32.3's sorter.go: the pure pieces (Less, ParseQuantity, Go's
 * unstable sort with its "missing is less than anything" rule), then a differential test:
 * config maps holding hard keys (quantities, IPs, ties, missing fields, non-ASCII), sorted
 * through the real kubectl and through `iddio kubectl`, more than twelve of them so Go's
 * pdqsort goes past its insertion sort. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  SortError,
  UnsortableError,
  relaxedSortPath,
  sortObjects,
  sortTableRows,
  unsortableLine,
} from '../../src/kube/printers/sort.js';
import { compare, parseQuantity } from '../../src/kube/quantity.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { iddioSide, kubectlSide, viaIddio, viaKubectl, type Side } from '../compat/harness.js';

type Item = { id: string; v?: unknown };
const ids = (items: Item[]): string[] => items.map((item) => item.id);
const byV = (values: unknown[]): Item[] =>
  values.map((v, i) => (v === undefined ? { id: `m${i}` } : { id: `i${i}`, v }));

describe('ParseQuantity and Cmp', () => {
  const cmp = (a: string, b: string): number => {
    const x = parseQuantity(a);
    const y = parseQuantity(b);
    assert.ok(x && y, `${a} ${b}`);
    return compare(x, y);
  };
  it('accepts what Go accepts, including the zero-valued oddities', () => {
    for (const text of ['0', '100m', '1Gi', '1e3', '1E-3', '+5', '-1.5k', '.', '-', 'Ki', 'e5'])
      assert.ok(parseQuantity(text), text);
    for (const text of ['', '10.244.2.31', 'api', 'i', '5ki', '1e', 'x10', '1Kb', '1e3.5'])
      assert.equal(parseQuantity(text), undefined, text);
    for (const zero of ['.', '-', 'Ki', 'e5', 'm', '00']) assert.equal(cmp(zero, '0'), 0, zero);
  });
  it('compares by exact value', () => {
    assert.equal(cmp('100m', '1'), -1);
    assert.equal(cmp('1Gi', '1G'), 1);
    assert.equal(cmp('1024Mi', '1Gi'), 0);
    assert.equal(cmp('1.5Ki', '1536'), 0);
    assert.equal(cmp('1e3', '1k'), 0);
    assert.equal(cmp('-2', '-1'), -1);
    assert.equal(cmp('1e100', '9e99'), 1);
    assert.equal(cmp('1e2147483647', '1E'), 1);
  });
  it('rounds the slow path up to nano units and caps binary values at 2^63-1', () => {
    assert.equal(cmp('1e-20', '1n'), 0);
    assert.equal(cmp('-1e-20', '-1n'), 0);
    assert.equal(cmp('8Ei', '9223372036854775807'), 0);
    assert.equal(cmp('9Ei', '8Ei'), 0);
    assert.equal(cmp('8E', '8Ei'), -1);
  });
});

describe('sortObjects (kubectl SortObjects / RuntimeSort)', () => {
  it('orders strings byte by byte, not naturally, unless both are quantities', () => {
    const items = byV(['10.244.2.31', '10.244.2.246', '10.244.1.76', 'pod-10', 'pod-9']);
    assert.deepEqual(ids(sortObjects(items, '.v', (i) => i)), ['i2', 'i1', 'i0', 'i3', 'i4']);
    const quantities = byV(['1', '100m', '2Gi', '500Mi', '1.5']);
    assert.deepEqual(ids(sortObjects(quantities, '.v', (i) => i)), ['i1', 'i0', 'i4', 'i3', 'i2']);
    // "2" < "10" as quantities; against a letter, as bytes. Less is not transitive then.
    const mixed = byV(['b', '2', 'a', '10']);
    assert.deepEqual(ids(sortObjects(mixed, '.v', (i) => i)), ['i1', 'i3', 'i2', 'i0']);
  });
  it('compares UTF-8 bytes, as Go strings do', () => {
    const items = byV(['\uffff', '😀', 'é']);
    assert.deepEqual(ids(sortObjects(items, '.v', (i) => i)), ['i2', 'i0', 'i1']);
  });
  it('puts missing fields first with Go sort.Sort order (not stable), null before values', () => {
    // Insertion sort with Less(missing, x) = true even for two missing: they swap.
    assert.deepEqual(ids(sortObjects(byV([undefined, undefined, 1]), '.v', (i) => i)), [
      'm1',
      'm0',
      'i2',
    ]);
    assert.deepEqual(ids(sortObjects(byV([2, null, undefined, 1]), '.v', (i) => i)), [
      'm2',
      'i1',
      'i3',
      'i0',
    ]);
  });
  it('sorts integers and floats numerically', () => {
    assert.deepEqual(ids(sortObjects(byV([10, 2, 1]), '.v', (i) => i)), ['i2', 'i1', 'i0']);
    assert.deepEqual(ids(sortObjects(byV([1.5, 0.5]), '.v', (i) => i)), ['i1', 'i0']);
  });
  it('refuses what isLess cannot compare, with kubectl words', () => {
    const detail = (values: unknown[]): string => {
      try {
        sortObjects(byV(values), '.v', (i) => i);
      } catch (error) {
        assert.ok(error instanceof UnsortableError);
        return error.detail;
      }
      return 'sorted';
    };
    assert.equal(detail([true, false]), 'unsortable type: bool');
    assert.equal(detail([{ a: 1 }, { b: 1 }]), 'unsortable type: map[string]interface {}');
    assert.equal(detail([[1], [2]]), 'unsortable type: []interface {}');
    assert.equal(detail([1, 'a']), 'unsortable interface: interface');
    assert.equal(detail([1, 1.5]), 'unsortable interface: interface');
    // Never compared against another value: no error.
    assert.equal(detail([true, undefined]), 'sorted');
  });
  it('fails when no object has the field, or the path cannot be relaxed', () => {
    assert.throws(
      () => sortObjects(byV([1]), '.nope', (i) => i),
      (e: unknown) =>
        e instanceof SortError &&
        e.message === 'couldn\'t find any field with path "{.nope}" in the list of objects',
    );
    assert.throws(
      () => sortObjects(byV([1]), '{.v', (i) => i),
      (e: unknown) => e instanceof SortError && /^unexpected path string/.test(e.message),
    );
    assert.deepEqual(
      sortObjects([], '.nope', (i) => i),
      [],
    );
  });
  it('relaxes paths with kubectl regular expression', () => {
    assert.equal(relaxedSortPath('metadata.name'), '{.metadata.name}');
    assert.equal(relaxedSortPath('.metadata.name'), '{.metadata.name}');
    assert.equal(relaxedSortPath('{metadata.name}'), '{.metadata.name}');
    assert.equal(relaxedSortPath('{.metadata.name}'), '{.metadata.name}');
    for (const bad of ['{.metadata.name', '.a}', '{}', '{.a}{.b}', '{.a} x'])
      assert.equal(relaxedSortPath(bad), undefined, bad);
  });
});

describe('sortTableRows (kubectl SortingPrinter)', () => {
  it('leaves a single row alone, and uses a path it cannot relax as given', () => {
    assert.deepEqual(
      sortTableRows([{ id: 'a' }], '.nope', (i) => i),
      [{ id: 'a' }],
    );
    const rows = byV(['b', 'a']);
    assert.deepEqual(ids(sortTableRows(rows, '{.v}{.x}', (i) => i)), ['i1', 'i0']);
    assert.throws(
      () => sortTableRows(rows, '{.v', (i) => i),
      (e: unknown) => e instanceof SortError && /^sorting error: /.test(e.message),
    );
  });
  it('writes the klog fatal line kubectl exits with', () => {
    const line = unsortableLine(
      new UnsortableError('{.v}', 'unsortable type: bool'),
      true,
      Date.UTC(2026, 10, 26, 8, 5, 7, 123),
      4242,
    );
    assert.equal(
      line,
      'F1126 08:05:07.123000    4242 sorter.go:375] Field {.v} in [][][]reflect.Value is an unsortable type: interface, err: unsortable type: bool',
    );
  });
});

/** Keys for the differential test: `v` on most, `w` with many ties, some with neither. */
const V = [
  ...['100m', '1', '0.5', '1Gi', '1G', '1024Mi', '1e3', '1000', '1k', '10.244.2.31'],
  ...['10.244.2.246', '10.244.1.76', 'api', 'Api', '', '-1', '+1', '.', '-', 'Ki', 'e5'],
  ...['1.5Ki', '1536', '8Ei', '9223372036854775807', '1e-20', '1n', '0', '00', '1.', '5ki'],
  ...['x10', 'é', 'z', '日本', '😀', '\uffff', '1', '1000m', 'api', undefined, undefined],
  ...['2006-01-02T15:04:05Z', '2006-01-02T15:04:05.5Z', undefined, '9', '10', 'pod-9', 'pod-10'],
];
const W = ['a', 'b', undefined, 'a', '1', 'b', '1'];

describe('--sort-by: iddio kubectl vs kubectl 1.32.3', () => {
  let sandbox: Sandbox;
  let kubectl: Side;
  let iddio: ReturnType<typeof iddioSide>;

  before(async () => {
    sandbox = await startSandbox();
    kubectl = kubectlSide(sandbox.kubeconfigPath);
    iddio = iddioSide(sandbox.kubeconfigPath);
    // Names scrambled against the keys, so the list order (by name) is not the key order.
    const items = V.map((v, i) => {
      const data: Record<string, string> = {};
      if (v !== undefined) data.v = v;
      const w = W[i % W.length];
      if (w !== undefined) data.w = w;
      const name = `s-${String((i * 17) % V.length).padStart(2, '0')}`;
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
    });
    const file = join(tempDir('iddio-get-sort-'), 'list.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const created = await viaKubectl(
      ['create', '-n', 'staging', '--validate=false', '-f', file],
      kubectl,
    );
    assert.equal(created.code, 0, created.stderr);
  });
  after(() => sandbox.stop());

  const cases = [
    ['--sort-by=.data.v', '-o', 'name'],
    ['--sort-by=.data.v'],
    ['--sort-by=.data.w', '-o', 'name'],
    ['--sort-by={.data.w}'],
    ['--sort-by=.data.nope', '-o', 'name'],
    ['--sort-by=.data.nope'],
    ['--sort-by=.data', '-o', 'name'],
    ['--sort-by=.metadata.name', '-o', 'name'],
  ];
  for (const flags of cases) {
    it(flags.join(' '), async () => {
      const argv = ['get', 'cm', '-n', 'staging', ...flags];
      const [real, ours] = await Promise.all([viaKubectl(argv, kubectl), viaIddio(argv, iddio)]);
      assert.equal(ours.code, real.code, ours.stderr);
      assert.equal(
        ours.stdout.replace(/\d+[smhd]\b/g, '<age>'),
        real.stdout.replace(/\d+[smhd]\b/g, '<age>'),
      );
      // The klog line carries the time and process id; the rest must match.
      const klog = (text: string): string =>
        text.replace(/^F\d{4} [\d:.]+ +\d+ /gm, 'F<stamp> <pid> ');
      assert.equal(klog(ours.stderr), klog(real.stderr));
    });
  }
});
