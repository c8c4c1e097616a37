import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { classify } from '../../src/classify/classify.js';
import { loadRules, shippedRulesDir } from '../../src/classify/load.js';
import { parseRuleFile, RuleError } from '../../src/classify/rules.js';
import { emptyIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { tempDir } from '../helpers/cli.js';

const shippedDir = shippedRulesDir();
const inv = (line: string) => parseKubectlArgv(line.split(' '), emptyIo);

function userRules(text: string): string {
  const dir = tempDir('iddio-rules-');
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'extra.yaml'), text);
  return join(dir, 'rules');
}

function ruleError(text: string): RuleError {
  try {
    parseRuleFile(text, 'user.yaml', false);
  } catch (error) {
    assert.ok(error instanceof RuleError, String(error));
    return error;
  }
  assert.fail('no error');
}

test('bad rule files are errors with file and line, exit 3, code rules-invalid', () => {
  const cases: [string, RegExp][] = [
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { verbs: [get] \n',
      /^user\.yaml:\d+: invalid YAML/,
    ],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { verb: [get] }\n',
      /^user\.yaml:5: unknown field "verb"/,
    ],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match:\n      verbs: [get, destroy]\n',
      /^user\.yaml:6: unknown verb .*"destroy"/,
    ],
    [
      'rules:\n  - id: x\n    tier: 7\n    reason: r\n    match: { verbs: [get] }\n',
      /^user\.yaml:3: unknown tier "7"/,
    ],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { effects: [explode] }\n',
      /^user\.yaml:5: unknown effect "explode"/,
    ],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { flags: [--as] }\n',
      /^user\.yaml:5: unknown kubectl flag "--as"/,
    ],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { subverbs: [nope] }\n',
      /unknown subverb "nope"/,
    ],
    [
      'rules:\n  - tier: 2\n    reason: r\n    match: { verbs: [get] }\n',
      /^user\.yaml:2: "id" is required/,
    ],
    ['rules:\n  - id: x\n    tier: 2\n    match: { verbs: [get] }\n', /"reason" is required/],
    ['rules:\n  - id: x\n    tier: 2\n    reason: r\n', /"match" is required/],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { verbs: [get] }\n    priority: 1\n',
      /^user\.yaml:6: unknown field "priority"/,
    ],
    ['policy: {}\n', /one key, "rules"/],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { named: yes-please }\n',
      /"named" must be true or false/,
    ],
    [
      'rules:\n  - id: x\n    tier: 2\n    reason: r\n    match: { scope: global }\n',
      /"scope" must be namespaced or cluster/,
    ],
  ];
  for (const [text, pattern] of cases) {
    const error = ruleError(text);
    assert.match(error.message, pattern, text);
    assert.equal(error.exitCode, 3);
    assert.equal(error.code, 'rules-invalid');
  }
});

test('a user rule may not reuse a shipped id', () => {
  const userDir = userRules(
    'rules:\n  - id: observe\n    tier: 4\n    reason: r\n    match: { verbs: [get] }\n',
  );
  assert.throws(
    () => loadRules({ shippedDir, userDir }),
    /duplicate rule id "observe" \(first defined at .*00-observe\.yaml:5\)/,
  );
});

test('user rules raise tiers: a protected namespace of your own', () => {
  const userDir = userRules(
    'rules:\n  - id: payments-protected\n    tier: 4\n    reason: payments is production\n    match: { effects: [write, delete], namespaces: ["pay*"] }\n',
  );
  const rules = loadRules({ shippedDir, userDir });
  assert.equal(rules.rules.at(-1)?.shipped, false);
  const result = classify(inv('delete pod x -n payments'), rules);
  assert.deepEqual([result.tier, result.rule], [4, 'payments-protected']);
  assert.deepEqual(classify(inv('delete pod x -n staging'), rules).tier, 3);
});

test('user rules cannot lower a tier', () => {
  const userDir = userRules(
    'rules:\n  - id: secrets-are-fine\n    tier: 0\n    reason: trust me\n    match: { resources: [secrets] }\n  - id: plugins-are-fine\n    tier: 0\n    reason: trust me\n    match: { known_verb: false }\n',
  );
  const rules = loadRules({ shippedDir, userDir });
  assert.equal(classify(inv('get secrets'), rules).tier, 3);
  assert.equal(classify(inv('frob'), rules).tier, 4);
});

test('an item no rule covers is T4, fail closed', () => {
  const rules = {
    rules: parseRuleFile(
      'rules:\n  - id: only-gets\n    tier: 0\n    reason: r\n    match: { verbs: [get] }\n',
      'x.yaml',
      true,
    ),
    files: ['x.yaml'],
  };
  const result = classify(inv('scale deploy x --replicas=1'), rules);
  assert.deepEqual(
    [result.tier, result.tier_label, result.rule],
    [4, 'break-glass', 'no-matching-rule'],
  );
  assert.equal(classify(inv('get pods'), rules).tier, 0);
});

test('the caller may supply the kubeconfig default namespace', () => {
  const rules = loadRules({ shippedDir });
  assert.equal(classify(inv('delete pod x'), rules).tier, 3);
  assert.equal(classify(inv('delete pod x'), rules, { defaultNamespace: 'kube-system' }).tier, 4);
  // An explicit namespace wins over the default.
  assert.equal(
    classify(inv('delete pod x -n payments'), rules, { defaultNamespace: 'kube-system' }).tier,
    3,
  );
});

test('reasons name the rule and the object, highest tier first', () => {
  const result = classify(inv('delete pods,clusterroles x -n payments'), loadRules({ shippedDir }));
  assert.equal(result.rule, 'rbac-write');
  assert.match(result.reasons[0] ?? '', /^T4 rbac-write: changes RBAC .*: clusterroles "x"$/);
  assert.ok(result.reasons.some((r) => /^T3 delete: .*pods "x"$/.test(r)));
  const tiers = result.reasons.map((r) => Number(r[1]));
  assert.deepEqual(
    tiers,
    [...tiers].sort((a, b) => b - a),
  );
});

test('a missing shipped rules directory is an error, not an empty rule set', () => {
  assert.throws(() => loadRules({ shippedDir: join(tempDir(), 'nope') }), RuleError);
});

test('every shipped rule file parses, and ids are unique', () => {
  const rules = loadRules({ shippedDir });
  assert.ok(rules.rules.length >= 30);
  assert.equal(new Set(rules.rules.map((r) => r.id)).size, rules.rules.length);
});

test('reasons are capped for very large manifests, keeping the decisive one first', () => {
  const objects = Array.from(
    { length: 200 },
    (_, i) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c${i}"}}`,
  );
  objects.push(
    '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r"}}',
  );
  const invocation = parseKubectlArgv(['apply', '-f', '-'], {
    ...emptyIo,
    stdin: () => objects.join('\n---\n'),
  });
  const result = classify(invocation, loadRules({ shippedDir }));
  assert.equal(result.rule, 'rbac-write');
  assert.equal(result.reasons.length, 21);
  assert.match(result.reasons[0] ?? '', /^T4 rbac-write/);
  assert.match(result.reasons[20] ?? '', /^\.\.\. and \d+ more$/);
});

test('the tiers promised by `iddio classify --help` examples are the real ones', async () => {
  const { EXAMPLES } = await import('../../src/cli/commands/classify/index.js');
  const text = EXAMPLES.replace(/\n\s{20,}(?=T\d)/g, '  ');
  const examples = [
    ...text.matchAll(/iddio classify -- (.+?)\s{2,}T(\d) [\w-]+\s+\(rule ([\w-]+)\)/g),
  ];
  assert.ok(examples.length >= 4);
  const rules = loadRules({ shippedDir });
  for (const [, line = '', tier, rule] of examples) {
    const argv = line.split(' ').filter((w, i) => !(i === 0 && w === 'kubectl'));
    const result = classify(parseKubectlArgv(argv, emptyIo), rules);
    assert.deepEqual([result.tier, result.rule], [Number(tier), rule], line);
  }
});
