/** Table tests for the pure printers (the differential suite checks them against kubectl end to end). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiError, ErrorList, KubeError } from '../../src/kube/errors.js';
import { humanDuration } from '../../src/common/human-duration.js';
import { goJsonString, printJson } from '../../src/kube/printers/json.js';
import { printJsonPath, relaxedJsonPath } from '../../src/kube/printers/jsonpath.js';
import { naturalLess, sortByField } from '../../src/kube/printers/sort.js';
import { cellText, formatLabels, TablePrinter } from '../../src/kube/printers/table.js';
import { tabwrite } from '../../src/kube/printers/tabwriter.js';
import { goFloat, printYaml, yamlKeyCompare } from '../../src/kube/printers/yaml.js';
import { scalarStyle } from '../../src/kube/printers/yaml-scalar.js';

describe('tabwriter (Go text/tabwriter, minwidth 6, padding 3)', () => {
  it('pads every cell but the last to the column width, at least 6', () => {
    assert.equal(
      tabwrite([
        ['A', 'B'],
        ['long-name', 'x'],
      ]),
      'A           B\nlong-name   x\n',
    );
    assert.equal(tabwrite([['a', 'b', 'c']]), 'a     b     c\n');
  });
  it('a line without a cell in a column ends that column block', () => {
    assert.equal(tabwrite([['A', 'B'], ['multi'], ['line', '80']]), 'A     B\nmulti\nline   80\n');
  });
  it('counts code points, not UTF-16 units', () => {
    assert.equal(
      tabwrite([
        ['😀😀', 'x'],
        ['abcdef', 'y'],
      ]),
      '😀😀       x\nabcdef   y\n',
    );
  });
  it('an empty last cell leaves the padding of the one before', () => {
    assert.equal(
      tabwrite([
        ['NAME', 'CATEGORIES'],
        ['pods', ''],
      ]),
      'NAME   CATEGORIES\npods   \n',
    );
  });
});

describe('table cells and decoration', () => {
  it('cuts a cell at its first line break and strips terminal controls', () => {
    assert.equal(cellText('a\nb'), 'a...');
    assert.equal(cellText('\u001b[31mred\u001b[0m'), 'red');
    assert.equal(cellText(3), '3');
    assert.equal(cellText(null), '');
    assert.equal(cellText({ b: 1, a: [true, 'x'] }), 'map[a:[true x] b:1]');
  });
  it('formats labels sorted, or <none>', () => {
    assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
    assert.equal(formatLabels(undefined), '<none>');
  });
  it('prints headers once per run of identical columns, none for an empty table', () => {
    const printer = new TablePrinter({
      wide: false,
      noHeaders: false,
      withNamespace: true,
      kindPrefix: 'pod',
      columnLabels: ['app'],
      showLabels: true,
    });
    const columns = [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'IP', type: 'string', priority: 1 },
    ];
    assert.deepEqual(printer.print({ columnDefinitions: columns, rows: [] }), []);
    const row = {
      cells: ['x', '10.0.0.1'],
      object: { metadata: { namespace: 'ns', labels: { app: 'a' } } },
    };
    assert.deepEqual(printer.print({ columnDefinitions: columns, rows: [row] }), [
      ['NAMESPACE', 'NAME', 'APP', 'LABELS'],
      ['ns', 'pod/x', 'a', 'app=a'],
    ]);
    assert.deepEqual(printer.print({ columnDefinitions: columns, rows: [row] }), [
      ['ns', 'pod/x', 'a', 'app=a'],
    ]);
  });
});

describe('JSON as Go prints it', () => {
  it('sorts keys, indents by four, escapes HTML and controls like Go', () => {
    assert.equal(
      printJson({ b: 1, a: { c: [], d: {} } }),
      '{\n    "a": {\n        "c": [],\n        "d": {}\n    },\n    "b": 1\n}\n',
    );
    assert.equal(goJsonString('<a&b>\u2028\u0001\t'), '"\\u003ca\\u0026b\\u003e\\u2028\\u0001\\t"');
  });
});

describe('YAML as go-yaml v2 prints it', () => {
  const styles: Array<[string, string]> = [
    ['plain', 'plain'],
    ['true', 'double'],
    ['80', 'double'],
    ['1.5', 'double'],
    ['2024-01-01', 'double'],
    ['', 'double'],
    [' lead', 'single'],
    ['a: b', 'single'],
    ['- x', 'single'],
    ['#x', 'single'],
    ['a\nb', 'literal'],
    ['tab\there', 'double'],
    ['emoji 😀', 'double'],
    ['1:20', 'double'],
    ['0x1F', 'double'],
    ['a:b', 'plain'],
    ['?x', 'plain'],
    ['-', 'single'],
    ['trail \nx', 'double'],
    ['yes', 'double'],
    ['~', 'double'],
  ];
  for (const [text, style] of styles) {
    it(`${JSON.stringify(text)} is ${style}`, () => assert.equal(scalarStyle(text, false), style));
  }
  it('orders keys naturally: digit runs as numbers, non-letters before letters', () => {
    const keys = ['a10', 'a9', 'B', '_x', 'b', 'a1', 'x00', 'x0', 'x01'].sort(yamlKeyCompare);
    assert.deepEqual(keys, ['_x', 'B', 'a1', 'a9', 'a10', 'b', 'x0', 'x00', 'x01']);
  });
  it('writes floats as Go does', () => {
    assert.deepEqual([0.5, 1e21, 1.5e-7, 3].map(goFloat), ['0.5', '1e+21', '1.5e-07', '3']);
  });
  it('folds a long plain value at a space past column 80, indented under its key', () => {
    const text = `${'word '.repeat(20)}end`;
    const out = printYaml({ k: text });
    assert.ok(out.split('\n').every((line) => line.length <= 90));
    assert.match(out, /^k: word[^\n]*\n {2}word/);
    assert.equal(out.replace(/\n {2}/g, ' '), `k: ${text}\n`);
  });
  it('writes block sequences unindented under a mapping key, and literal blocks with chomping', () => {
    assert.equal(
      printYaml({ a: [{ b: 1, c: 'x\ny\n' }, []], d: {} }),
      'a:\n- b: 1\n  c: |\n    x\n    y\n- []\nd: {}\n',
    );
  });
});

describe('JSONPath templates', () => {
  const data = {
    items: [
      {
        metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'x' } },
        status: { phase: 'Running' },
        n: 2,
      },
      { metadata: { name: 'b' }, status: { phase: 'Pending' }, n: 10 },
    ],
  };
  const cases: Array<[string, string]> = [
    ['{.items[*].metadata.name}', 'a b'],
    ['{.items[0].metadata.name}', 'a'],
    ['{.items[-1].metadata.name}', 'b'],
    ['{.items[0:1].metadata.name}', 'a'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'a\nb\n'],
    ['{.items[?(@.status.phase=="Running")].metadata.name}', 'a'],
    ['{.items[?(@.n>5)].metadata.name}', 'b'],
    ['{.items[?(@.metadata.labels)].metadata.name}', 'a'],
    ['{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', 'x'],
    ["{.items[0].metadata.labels['app.kubernetes.io/name']}", 'x'],
    ['{..phase}', 'Running Pending'],
    ['{.items[0].metadata}', '{"labels":{"app.kubernetes.io/name":"x"},"name":"a"}'],
    ['{.missing}', ''],
    ['name: {.items[1].metadata.name}', 'name: b'],
  ];
  for (const [template, expected] of cases) {
    it(template, () => assert.equal(printJsonPath(template, data), expected));
  }
  it('a bad template is a one-line kubectl-style error', () => {
    assert.throws(
      () => printJsonPath('{range .items[*]}', data),
      (e: unknown) =>
        e instanceof KubeError && /^error: error parsing jsonpath \{range/.test(e.line),
    );
    assert.throws(
      () => printJsonPath('{.items[9]}', data),
      (e: unknown) => e instanceof KubeError && /out of bounds/.test(e.line),
    );
  });
  it('relaxes custom-columns and sort-by paths as kubectl does', () => {
    assert.equal(relaxedJsonPath('metadata.name'), '{.metadata.name}');
    assert.equal(relaxedJsonPath('{.metadata.name}'), '{.metadata.name}');
  });
});

describe('sorting and ages', () => {
  it('natural order compares digit runs as numbers', () => {
    assert.equal(naturalLess('pod-9', 'pod-10'), true);
    assert.equal(naturalLess('pod-10', 'pod-9'), false);
    assert.equal(naturalLess('a', 'a0'), true);
    assert.equal(naturalLess('b', 'a'), false);
  });
  it('--sort-by is stable and puts missing fields first', () => {
    const items = [{ n: 2, id: 'x' }, { id: 'none' }, { n: 1, id: 'y' }, { n: 2, id: 'z' }];
    assert.deepEqual(
      sortByField(items, '.n', (i) => i).map((i) => i.id),
      ['none', 'y', 'x', 'z'],
    );
  });
  it('humanDuration matches apimachinery', () => {
    const s = 1000;
    assert.deepEqual(
      [
        59 * s,
        119 * s,
        125 * s,
        600 * s,
        3 * 3600 * s,
        7.5 * 3600 * s,
        30 * 3600 * s,
        3 * 86400 * s,
        3.5 * 86400 * s,
        400 * 86400 * s,
        3 * 365 * 86400 * s,
      ],
      [59, 119, 125, 600, 10800, 27000, 108000, 259200, 302400, 34560000, 94608000].map(
        (x) => x * s,
      ),
    );
    assert.deepEqual(
      [
        59 * s,
        125 * s,
        600 * s,
        3 * 3600 * s,
        7.5 * 3600 * s,
        30 * 3600 * s,
        3 * 86400 * s,
        3.5 * 86400 * s,
        400 * 86400 * s,
        3 * 365 * 86400 * s,
      ].map(humanDuration),
      ['59s', '2m5s', '10m', '3h', '7h30m', '30h', '3d', '3d12h', '400d', '3y'],
    );
  });
});

describe('kubectl error wording', () => {
  const invalid = JSON.stringify({
    kind: 'Status',
    status: 'Failure',
    reason: 'Invalid',
    message: 'Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1',
    details: {
      name: 'api',
      kind: 'Deployment',
      causes: [
        {
          field: 'spec.replicas',
          message: 'Invalid value: -1: must be greater than or equal to 0',
        },
        {
          field: 'spec.replicas',
          message: 'Invalid value: -1: must be greater than or equal to 0',
        },
      ],
    },
  });
  const notFound = JSON.stringify({
    kind: 'Status',
    reason: 'NotFound',
    message: 'pods "x" not found',
    code: 404,
  });

  it('an Invalid status alone reads "The Kind \\"name\\" is invalid: field: message"', () => {
    assert.equal(
      apiError(422, invalid).line,
      'The Deployment "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
  it("a body that is not a Status gets client-go's generic message", () => {
    assert.equal(
      apiError(503, 'oops').line,
      'Error from server (ServiceUnavailable): the server is currently unable to handle the request',
    );
    assert.equal(
      apiError(401, '').line,
      'error: You must be logged in to the server (the server has asked for the client to provide credentials)',
    );
  });
  it('one error is prefixed, several are listed plainly; API errors keep their form', () => {
    const one = new ErrorList();
    one.add("'tier' already has a value (web), and --overwrite is false");
    assert.equal(
      one.render(),
      "error: 'tier' already has a value (web), and --overwrite is false\n",
    );
    const many = new ErrorList();
    many.add('first');
    many.addApi(apiError(422, invalid));
    many.addApi(apiError(404, notFound));
    assert.equal(
      many.render(),
      'first\nError from server (Invalid): Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1\nError from server (NotFound): pods "x" not found\n',
    );
  });
});

describe('hostile cluster strings (C1, bidi, ESC) print inert and lossless', () => {
  const HOSTILE = 'a\u009b31mred\u202eevil\u001b[2Jz\u2067\u007f';
  const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const obj = {
    kind: 'ConfigMap',
    metadata: { name: HOSTILE, annotations: { [HOSTILE]: `${HOSTILE}\nsecond line` } },
    data: { k: HOSTILE, bidiOnly: 'x\u202ey', list: [HOSTILE] },
  };

  it('-o json escapes them as \\uXXXX (Go writes them raw) and JSON.parse gives the original', () => {
    const text = printJson(obj);
    assert.doesNotMatch(text, UNSAFE);
    assert.match(text, /\\u009b31m/);
    assert.match(text, /\\u202e/);
    assert.deepEqual(JSON.parse(text), obj);
    assert.equal(goJsonString('\u0085\u202a\u2069'), '"\\u0085\\u202a\\u2069"');
  });

  it('-o yaml double-quotes and escapes them, and a YAML parser gives the original', async () => {
    const { parse } = await import('yaml');
    const text = printYaml(obj);
    assert.doesNotMatch(text, UNSAFE);
    assert.match(text, /\\x9B31m/);
    assert.match(text, /\\u202E/);
    assert.match(text, /\\e\[2J/);
    assert.equal(scalarStyle('x\u202ey', false), 'double');
    assert.equal(scalarStyle('x\u2066y\nz', false), 'double');
    assert.deepEqual(parse(text), obj);
  });
});
