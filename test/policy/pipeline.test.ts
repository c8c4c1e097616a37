/**
 * Real kubectl argv through the parser, the shipped classifier rules, the adapter and the
 * engine, under the SPEC §5 example policy (the commented example in the default file).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, loadRules, shippedRulesDir } from '../../src/classify/index.js';
import type { ResolvedIdentity } from '../../src/identity/types.js';
import { parseKubectlArgv } from '../../src/kubectl/index.js';
import type { KubectlIo } from '../../src/kubectl/invocation.js';
import { DEFAULT_POLICY_YAML } from '../../src/policy/default.js';
import { decide } from '../../src/policy/engine.js';
import { parsePolicy } from '../../src/policy/load.js';
import { decisionRequestFrom } from '../../src/policy/request.js';

const start = DEFAULT_POLICY_YAML.indexOf('#agents:');
const policy = parsePolicy(
  DEFAULT_POLICY_YAML.slice(0, start) +
    DEFAULT_POLICY_YAML.slice(start).replace(/^#(?! \S|$)/gm, ''),
  'policy.yaml',
);
const rules = loadRules({ shippedDir: shippedRulesDir() });

const FILES: Record<string, string> = {
  'prod.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: prod }\n',
  'dev.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: dev-1 }\n',
};
const io: KubectlIo = {
  readFile: (path) => {
    const text = FILES[path];
    if (text === undefined) throw new Error(`no such file: ${path}`);
    return text;
  },
  readDir: () => [],
  isDirectory: () => false,
  exists: (path) => path in FILES,
  stdin: () => '',
};

function run(argv: string, who: ResolvedIdentity = { agent: 'claude-code', identity: 'detected' }) {
  const invocation = parseKubectlArgv(argv.split(' '), io);
  const classification = classify(invocation, rules, { defaultNamespace: 'default' });
  const result = decide(decisionRequestFrom(invocation, classification, who, 'default'), policy);
  return { classified: classification.tier, ...result };
}

const CASES: Array<[string, string, string]> = [
  ['get pods -n dev-1', 'allow', 'default.0'],
  ['get pods -n staging -o wide', 'allow', 'default.0'],
  ['get pods', 'deny', 'agents.claude-code.namespaces'],
  ['get pods -A', 'deny', 'agents.claude-code.namespaces'],
  ['get pods -n prod', 'deny', 'agents.claude-code.namespaces'],
  ['get nodes', 'allow', 'default.0'],
  ['version', 'allow', 'default.0'],
  ['create configmap c -n dev-1 --from-literal=a=b', 'allow', 'agents.claude-code.tiers.2'],
  ['patch deployment web -n staging -p {}', 'allow', 'default.1'],
  ['rollout restart deployment/web -n dev-2', 'allow', 'default.1'],
  ['rollout restart deployment/web -n staging', 'allow', 'agents.claude-code.tiers.2'],
  ['delete pod api-1 -n dev-1', 'escalate', 'agents.claude-code.tiers.3'],
  ['get secrets -n dev-1', 'escalate', 'agents.claude-code.tiers.3'],
  ['exec -it api-1 -n dev-1 -- sh', 'deny', 'default.4'],
  ['label node n1 a=b', 'deny', 'agents.claude-code.namespaces'],
  ['apply -f prod.yaml', 'deny', 'agents.claude-code.namespaces'],
  ['apply -f dev.yaml', 'allow', 'agents.claude-code.tiers.2'],
];

test('argv → parse → classify → decide under the SPEC §5 example', async (t) => {
  for (const [argv, decision, rule] of CASES) {
    await t.test(argv, () => {
      const result = run(argv);
      assert.deepEqual(
        [result.decision, result.policy_rule],
        [decision, rule],
        JSON.stringify(result),
      );
    });
  }
});

test('a runbook-matched write is lowered from T2 to T1', () => {
  const result = run('patch deployment web -n dev-1 -p {}');
  assert.equal(result.classified, 2);
  assert.equal(result.tier, 1);
  assert.equal(result.runbook, 'restart-deploy');
});

test('an agent without an entry gets the default in any namespace', () => {
  const who: ResolvedIdentity = { agent: 'unknown', identity: 'none' };
  assert.equal(run('get pods -n prod', who).decision, 'allow');
  assert.equal(run('create configmap c -n prod --from-literal=a=b', who).decision, 'escalate');
  assert.equal(run('patch deployment web -n dev-1 -p {}', who).decision, 'escalate');
  assert.equal(run('exec -it api-1 -- sh', who).decision, 'deny');
});
