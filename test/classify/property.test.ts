/**
 * Properties of the grammar and the classifier over generated inputs (fast-check):
 * re-spelling a command cannot lower its tier.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { classify } from '../../src/classify/classify.js';
import { loadRules, shippedRulesDir } from '../../src/classify/load.js';
import { UsageError } from '../../src/common/errors.js';
import { parseArgv } from '../../src/kubectl/argv.js';
import { flagSetFor } from '../../src/kubectl/flags.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { CASES, parseCases } from './cases.js';
import { FILES, memoryIo } from './memory-io.js';

const rules = loadRules({ shippedDir: shippedRulesDir() });
const tierOf = (argv: string[], stdin = '') =>
  classify(parseKubectlArgv(argv, memoryIo(stdin)), rules).tier;

/** The table's valid commands as units: a flag and its separate value stay together. */
function units(argv: string[]): string[][] {
  const flags = flagSetFor(parseArgv(argv).path.join(' '));
  const out: string[][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    // A long flag, or the last shorthand of a bundle (-Rf), may take the next word.
    const spec = arg.startsWith('--')
      ? flags.byName.get(arg.slice(2))
      : /^-[^-=]+$/.test(arg) &&
          [...arg.slice(1, -1)].every((c) => flags.byShort.get(c)?.kind === 'bool')
        ? flags.byShort.get(arg.slice(-1))
        : undefined;
    if (spec?.kind === 'value' && !arg.includes('=') && i + 1 < argv.length) {
      out.push([arg, argv[++i] ?? '']);
    } else out.push([arg]);
  }
  return out;
}

const bases = parseCases(CASES, FILES)
  .filter((c) => c.expect !== 'usage' && c.argv.length > 0 && !c.argv.includes('--'))
  .filter((c) => !c.argv.includes('--help') && c.stdin === undefined)
  // kubectl refuses any flag before a plugin's name, and passes those after it to the plugin.
  .filter((c) => c.expect === 'usage' || c.expect.rule !== 'unknown-command')
  .map((c) => units(c.argv));

const GLOBALS: string[][] = [
  ['-n', 'payments'],
  ['--namespace=kube-system'],
  ['-nstaging'],
  ['--context', 'prod'],
  ['--kubeconfig=/tmp/kc'],
  ['-v=4'],
  ['--request-timeout', '5s'],
  ['--as', 'admin'],
  ['--token=abc'],
  ['-s', 'https://10.0.0.1'],
  ['--insecure-skip-tls-verify'],
  ['--cluster=c1'],
  ['--user', 'u1'],
];

test('moving global flags anywhere never changes the tier', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...bases),
      fc.subarray(GLOBALS, { minLength: 1, maxLength: 3 }),
      fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
      (base, picked, positions) => {
        // Repeating a scalar flag is order-sensitive in kubectl too (the last wins), so each
        // flag appears once: none the base already sets, one namespace spelling at most.
        const key = (unit: string[]) => {
          const flag = (unit[0] ?? '').split('=')[0] ?? '';
          const root = flagSetFor('');
          if (flag.startsWith('--')) return flag.slice(2);
          return flag.startsWith('-') ? (root.byShort.get(flag[1] ?? '')?.name ?? flag) : flag;
        };
        const taken = new Set(base.map(key));
        const globals = picked.filter((g) => !taken.has(key(g)) && (taken.add(key(g)), true));
        const reference = [...base, ...globals].flat();
        const moved = [...base];
        globals.forEach((g, i) => moved.splice((positions[i] ?? 0) % (moved.length + 1), 0, g));
        let expected: number;
        try {
          expected = tierOf(reference);
        } catch (error) {
          // Some commands reject a global (e.g. a local --user); then both spellings must.
          assert.ok(error instanceof UsageError);
          assert.throws(() => tierOf(moved.flat()), UsageError);
          return;
        }
        assert.equal(
          tierOf(moved.flat()),
          expected,
          `${reference.join(' ')} vs ${moved.flat().join(' ')}`,
        );
      },
    ),
    { numRuns: 1500 },
  );
});

test('changing the letter case of a resource type never changes the tier', () => {
  const typed = bases.filter((b) =>
    ['get', 'delete', 'describe', 'label'].includes(b[0]?.[0] ?? ''),
  );
  fc.assert(
    fc.property(
      fc.constantFrom(...typed),
      fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      (base, upper) => {
        const argv = base.flat();
        const type = argv[1];
        if (type === undefined || type.startsWith('-')) return;
        const slash = type.indexOf('/');
        const head = slash === -1 ? type : type.slice(0, slash);
        const respelled = [...head]
          .map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase()))
          .join('');
        const changed = [
          argv[0] ?? '',
          respelled + (slash === -1 ? '' : type.slice(slash)),
          ...argv.slice(2),
        ];
        assert.equal(tierOf(changed), tierOf(argv));
      },
    ),
    { numRuns: 500 },
  );
});

const POOL = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'payments' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'c' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'd' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e' } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'f' },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g', namespace: 'kube-system' } },
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'h' } },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'i' } },
  { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'j' } },
  { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'k-' } },
];

function manifest(objects: object[], json: boolean): string {
  if (json) return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  return objects.map((o) => `---\n${JSON.stringify(o)}\n`).join('');
}

test('adding an object to a manifest never lowers the tier', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('apply', 'create', 'replace', 'delete', 'get', 'diff', 'label'),
      fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 5 }),
      fc.constantFrom(...POOL),
      fc.nat(),
      fc.boolean(),
      (verb, objects, extra, at, json) => {
        const argv = verb === 'label' ? [verb, '-f', '-', 'a=b'] : [verb, '-f', '-'];
        const before = tierOf(argv, manifest(objects, json));
        const more = [...objects];
        more.splice(at % (more.length + 1), 0, extra);
        assert.ok(tierOf(argv, manifest(more, json)) >= before);
      },
    ),
    { numRuns: 1000 },
  );
});

const WORDS = [
  'get',
  'delete',
  'exec',
  'run',
  'apply',
  'create',
  'secret',
  'generic',
  'rollout',
  'restart',
  'config',
  'view',
  'auth',
  'can-i',
  'top',
  'pod',
  'pods',
  'secrets',
  'ns',
  'node/x',
  'a/b/c',
  'deploy.apps',
  'x.v1.',
  '-n',
  '-nkube-system',
  '--namespace',
  '--namespace=',
  '-A',
  '-it',
  '-f',
  '-',
  '--',
  '-k',
  'kust',
  'app',
  'deploy.yaml',
  'mixed.yaml',
  'bad.yaml',
  '--raw',
  '/api/v1/secrets',
  '--as',
  '--token=',
  '--dry-run',
  '--dry-run=x',
  '-o',
  'yaml',
  '-l',
  'a=b',
  '--all',
  '-R',
  '=',
  '-=',
  '--=',
  '---',
  '-h',
  'kubectl',
  '%',
  '\u001b[2J',
  '',
];

test('arbitrary argv never throws anything but a UsageError', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), { maxLength: 10 }),
      fc.string({ maxLength: 40 }),
      (argv, stdin) => {
        try {
          const result = classify(parseKubectlArgv(argv, memoryIo(stdin)), rules);
          assert.ok([0, 1, 2, 3, 4].includes(result.tier));
          assert.ok(result.rule.length > 0 && result.reasons.length > 0);
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('moving any flag anywhere after the command words never changes the tier', () => {
  // Bases whose argv starts with its command words, so flags can move freely after them.
  const movable = bases.filter((b) => {
    const argv = b.flat();
    const path = parseArgv(argv).path;
    return (
      path.length > 0 &&
      b.slice(0, path.length).every((u) => u.length === 1 && !u[0]?.startsWith('-'))
    );
  });
  fc.assert(
    fc.property(
      fc.constantFrom(...movable),
      fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      (base, choices) => {
        const argv = base.flat();
        const words = parseArgv(argv).path.length;
        const head = base.slice(0, words);
        const rest = base.slice(words);
        const flags = rest.filter((u) => u[0]?.startsWith('-') && u[0] !== '-');
        const positionals = rest.filter((u) => !(u[0]?.startsWith('-') && u[0] !== '-'));
        // Interleave: positionals keep their order, each flag lands at a chosen position.
        const moved = [...positionals];
        flags.forEach((f, i) => moved.splice((choices[i] ?? 0) % (moved.length + 1), 0, f));
        assert.equal(
          tierOf([...head, ...moved].flat()),
          tierOf(argv),
          `${argv.join(' ')} vs ${[...head, ...moved].flat().join(' ')}`,
        );
      },
    ),
    { numRuns: 1500 },
  );
});
