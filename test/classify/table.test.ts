import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../src/classify/classify.js';
import { loadRules, shippedRulesDir } from '../../src/classify/load.js';
import { UsageError } from '../../src/common/errors.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { CASES, parseCases } from './cases.js';
import { FILES, memoryIo } from './memory-io.js';

const rules = loadRules({ shippedDir: shippedRulesDir() });
const cases = parseCases(CASES, FILES);

test('the table has at least 300 cases', () => {
  assert.ok(cases.length >= 300, `only ${cases.length} cases`);
});

test('every shipped rule is exercised by the table', () => {
  const used = new Set(cases.flatMap((c) => (c.expect === 'usage' ? [] : [c.expect.rule])));
  const unused = rules.rules.map((r) => r.id).filter((id) => !used.has(id));
  assert.deepEqual(unused, []);
});

test('every kubectl verb appears in the table', async () => {
  const { COMMAND_FLAGS } = await import('../../src/kubectl/flag-table.js');
  const verbs = new Set(Object.keys(COMMAND_FLAGS).map((p) => p.split(' ')[0] ?? ''));
  const seen = new Set(
    cases.flatMap((c) => {
      try {
        return [parseKubectlArgv(c.argv, memoryIo(c.stdin)).verb];
      } catch {
        return [];
      }
    }),
  );
  assert.deepEqual(
    [...verbs].filter((v) => !seen.has(v)),
    [],
  );
});

for (const c of cases) {
  test(`line ${c.line}: ${c.text}`, () => {
    const io = memoryIo(c.stdin);
    if (c.expect === 'usage') {
      assert.throws(() => parseKubectlArgv(c.argv, io), UsageError);
      return;
    }
    const result = classify(parseKubectlArgv(c.argv, io), rules);
    assert.deepEqual(
      { tier: result.tier, rule: result.rule },
      c.expect,
      `reasons:\n  ${result.reasons.join('\n  ')}`,
    );
  });
}
