/**
 * The decision table: one fixture policy, and for each request the decision, the policy
 * rule that made it, and the tier after runbook lowering. Rows are written in a compact
 * form so a reviewer can read them as a table:
 *
 *   <agent> <identity> T<n> <verb[:subverb]> <resources|-> <namespaces|-|cluster> => <decision> <rule> T<n> [runbook]
 *
 * resources: comma list of plural[.group][/subresource]; namespaces: comma list, `*` for
 * all namespaces (-A), `cluster` for a cluster-scoped request, `x+cluster` for both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tier } from '../../src/classify/types.js';
import type { IdentityKind } from '../../src/identity/types.js';
import { builtinPolicy } from '../../src/policy/default.js';
import { decide } from '../../src/policy/engine.js';
import { parsePolicy } from '../../src/policy/load.js';
import type { DecisionRequest, Policy, ResourceRef } from '../../src/policy/types.js';

const FIXTURE = `
version: 1
default: { 0: allow, 1: allow, 2: escalate, 3: escalate, 4: deny }
approval: { timeout: 2m, channel: inbox, require_signature: true }
agents:
  claude-code:
    namespaces: ["dev-*", "staging"]
    tiers: { 2: allow, 3: escalate }
    runbooks: [restart-deploy]
  ops-bot:
    tiers: { T4: allow, T0: allow }
    require_token: true
  reader:
    namespaces: ["team-?"]
    tiers: { 1: escalate, 2: deny, 3: deny }
  lockdown:
    tiers: { 0: deny, 1: deny, 2: deny, 3: deny, 4: deny }
  wide:
    namespaces: ["*"]
    runbooks: [restart-deploy, scale-web]
  unknown:
    namespaces: [sandbox]
runbooks:
  restart-deploy:
    - { verbs: [patch], resources: [deployments] }
    - { verbs: ["rollout restart"], resources: [deployments.apps], namespaces: ["dev-*"] }
  scale-web:
    - { verbs: [scale], resources: [deployments.apps/scale, replicasets.apps/scale] }
`;

const TABLE = `
# An agent with no entry gets the default, whatever its identity.
someone declared T0 get pods default => allow default.0 T0
someone declared T1 patch configmaps default => allow default.1 T1
someone declared T2 patch deployments.apps default => escalate default.2 T2
someone declared T3 delete pods default => escalate default.3 T3
someone declared T4 exec pods/exec default => deny default.4 T4
someone token T4 exec pods/exec default => deny default.4 T4
someone detected T2 create configmaps prod => escalate default.2 T2
someone none T0 get nodes cluster => allow default.0 T0
someone declared T4 get pods * => deny default.4 T4
someone declared T0 get pods * => allow default.0 T0
someone declared T2 scale deployments.apps/scale prod => escalate default.2 T2
someone declared T3 drain nodes cluster => escalate default.3 T3
# "unknown" (identity none) can be given an entry like any other name.
unknown none T0 get pods sandbox => allow default.0 T0
unknown none T0 get pods default => deny agents.unknown.namespaces T0
unknown none T0 get nodes cluster => allow default.0 T0
unknown none T2 label nodes cluster => deny agents.unknown.namespaces T2
unknown none T2 create configmaps sandbox => escalate default.2 T2
unknown none T4 exec pods/exec sandbox => deny default.4 T4
unknown none T0 get pods * => deny agents.unknown.namespaces T0
# claude-code: namespaces dev-* and staging, T2 allowed, runbook restart-deploy.
claude-code detected T0 get pods dev-1 => allow default.0 T0
claude-code detected T0 get pods staging => allow default.0 T0
claude-code detected T0 get pods staging-2 => deny agents.claude-code.namespaces T0
claude-code detected T0 get pods dev- => allow default.0 T0
claude-code detected T0 get pods dev => deny agents.claude-code.namespaces T0
claude-code detected T0 get pods prod => deny agents.claude-code.namespaces T0
claude-code detected T0 get pods xdev-1 => deny agents.claude-code.namespaces T0
claude-code detected T0 get pods * => deny agents.claude-code.namespaces T0
claude-code detected T0 get nodes cluster => allow default.0 T0
claude-code detected T0 version - cluster => allow default.0 T0
claude-code detected T2 label nodes cluster => deny agents.claude-code.namespaces T2
claude-code detected T3 cordon nodes cluster => deny agents.claude-code.namespaces T3
claude-code detected T2 create configmaps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code token T2 create configmaps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code declared T2 create configmaps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code none T2 create configmaps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T2 create configmaps prod => deny agents.claude-code.namespaces T2
claude-code detected T2 patch deployments.apps dev-1 => allow default.1 T1 restart-deploy
claude-code detected T2 patch deployments.apps staging => allow default.1 T1 restart-deploy
claude-code detected T2 patch deployments dev-1 => allow default.1 T1 restart-deploy
claude-code detected T2 patch deployments.apps/scale dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T2 patch deployments.apps,configmaps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T2 patch statefulsets.apps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T2 rollout:restart deployments.apps dev-1 => allow default.1 T1 restart-deploy
claude-code detected T2 rollout:restart deployments.apps staging => allow agents.claude-code.tiers.2 T2
claude-code detected T2 rollout:restart deployments.extensions dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T2 rollout:undo deployments.apps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T2 rollout deployments.apps dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T2 patch deployments.apps prod => deny agents.claude-code.namespaces T2
claude-code detected T2 patch - dev-1 => allow agents.claude-code.tiers.2 T2
claude-code detected T3 patch deployments.apps dev-1 => escalate agents.claude-code.tiers.3 T3
claude-code detected T4 patch deployments.apps dev-1 => deny default.4 T4
claude-code detected T1 patch deployments.apps dev-1 => allow default.1 T1
claude-code detected T0 patch deployments.apps dev-1 => allow default.0 T0
claude-code detected T3 delete pods dev-1 => escalate agents.claude-code.tiers.3 T3
claude-code detected T3 get secrets staging => escalate agents.claude-code.tiers.3 T3
claude-code detected T4 exec pods/exec dev-1 => deny default.4 T4
claude-code detected T4 exec pods/exec prod => deny agents.claude-code.namespaces T4
claude-code detected T2 create configmaps dev-1,staging => allow agents.claude-code.tiers.2 T2
claude-code detected T2 create configmaps dev-1,prod => deny agents.claude-code.namespaces T2
claude-code detected T2 create configmaps prod,dev-1 => deny agents.claude-code.namespaces T2
claude-code detected T2 create configmaps,namespaces dev-1+cluster => deny agents.claude-code.namespaces T2
claude-code detected T0 get pods,nodes dev-1+cluster => allow default.0 T0
claude-code detected T2 patch deployments.apps dev-1+cluster => deny agents.claude-code.namespaces T2
# ops-bot: break-glass allowed, but only with its token.
ops-bot token T4 exec pods/exec prod => allow agents.ops-bot.tiers.4 T4
ops-bot token T4 exec pods/exec * => allow agents.ops-bot.tiers.4 T4
ops-bot token T4 create clusterrolebindings.rbac.authorization.k8s.io cluster => allow agents.ops-bot.tiers.4 T4
ops-bot declared T4 exec pods/exec prod => deny agents.ops-bot.require_token T4
ops-bot detected T4 exec pods/exec prod => deny agents.ops-bot.require_token T4
ops-bot none T4 exec pods/exec prod => deny agents.ops-bot.require_token T4
ops-bot declared T0 get pods prod => deny agents.ops-bot.require_token T0
ops-bot token T0 get pods prod => allow agents.ops-bot.tiers.0 T0
ops-bot token T1 patch configmaps prod => allow default.1 T1
ops-bot token T2 patch deployments.apps prod => escalate default.2 T2
ops-bot token T3 delete pods prod => escalate default.3 T3
ops-bot token T0 get nodes cluster => allow agents.ops-bot.tiers.0 T0
# reader: namespaces team-? (exactly one character after "team-"), stricter tiers.
reader declared T0 get pods team-a => allow default.0 T0
reader declared T0 get pods team-1 => allow default.0 T0
reader declared T0 get pods team-ab => deny agents.reader.namespaces T0
reader declared T0 get pods team- => deny agents.reader.namespaces T0
reader declared T0 get pods * => deny agents.reader.namespaces T0
reader declared T0 get pods a => deny agents.reader.namespaces T0
reader declared T1 patch configmaps team-a => escalate agents.reader.tiers.1 T1
reader declared T2 patch deployments.apps team-a => deny agents.reader.tiers.2 T2
reader declared T3 delete pods team-a => deny agents.reader.tiers.3 T3
reader declared T4 exec pods/exec team-a => deny default.4 T4
reader declared T0 get nodes cluster => allow default.0 T0
reader declared T1 patch nodes cluster => deny agents.reader.namespaces T1
reader declared T0 get namespaces cluster => allow default.0 T0
# lockdown: everything denied by its own tiers.
lockdown declared T0 get pods default => deny agents.lockdown.tiers.0 T0
lockdown declared T1 patch configmaps default => deny agents.lockdown.tiers.1 T1
lockdown declared T2 create configmaps default => deny agents.lockdown.tiers.2 T2
lockdown declared T3 delete pods default => deny agents.lockdown.tiers.3 T3
lockdown declared T4 exec pods/exec default => deny agents.lockdown.tiers.4 T4
lockdown token T0 get nodes cluster => deny agents.lockdown.tiers.0 T0
lockdown none T0 version - cluster => deny agents.lockdown.tiers.0 T0
# wide: the "*" glob lifts the namespace restriction; two runbooks.
wide declared T0 get pods * => allow default.0 T0
wide declared T0 get pods prod => allow default.0 T0
wide declared T2 label nodes cluster => escalate default.2 T2
wide declared T2 scale deployments.apps/scale prod => allow default.1 T1 scale-web
wide declared T2 scale deployments.apps/scale,replicasets.apps/scale prod => allow default.1 T1 scale-web
wide declared T2 scale statefulsets.apps/scale prod => escalate default.2 T2
wide declared T2 scale deployments/scale prod => escalate default.2 T2
wide declared T2 scale deployments.apps prod => escalate default.2 T2
wide declared T2 patch deployments.apps prod => allow default.1 T1 restart-deploy
wide declared T2 patch deployments.apps/status prod => escalate default.2 T2
wide declared T2 rollout:restart deployments.apps prod => escalate default.2 T2
wide declared T2 rollout:restart deployments.apps dev-x => allow default.1 T1 restart-deploy
wide declared T2 rollout:restart deployments.apps * => escalate default.2 T2
wide declared T2 rollout:restart deployments.apps dev-x+cluster => escalate default.2 T2
wide declared T2 patch - prod => escalate default.2 T2
wide declared T3 scale deployments.apps/scale prod => escalate default.3 T3
wide declared T3 patch deployments.apps prod => escalate default.3 T3
wide declared T1 scale deployments.apps/scale prod => allow default.1 T1
wide declared T4 exec pods/exec prod => deny default.4 T4
wide declared T4 patch deployments.apps prod => deny default.4 T4
`;

interface Row {
  line: string;
  request: DecisionRequest;
  decision: string;
  rule: string;
  tier: number;
  runbook?: string;
}

function parseRow(line: string): Row {
  const [lhs = '', rhs = ''] = line.split(' => ');
  const [agent = '', identity = '', tier = '', verbWord = '', resources = '', namespaces = ''] =
    lhs.split(' ');
  const [decision = '', rule = '', outTier = '', runbook] = rhs.split(' ');
  const [verb = '', subverb] = verbWord.split(':');
  const nsList = namespaces.replace(/\+?cluster$/, '');
  const request: DecisionRequest = {
    agent,
    identity: identity as IdentityKind,
    tier: Number(tier.slice(1)) as Tier,
    verb,
    ...(subverb ? { subverb } : {}),
    resources: resources === '-' ? [] : resources.split(',').map(resourceRef),
    namespaces: nsList === '' || nsList === '-' ? [] : nsList.split(','),
    clusterScoped: namespaces.endsWith('cluster'),
  };
  const row: Row = { line, request, decision, rule, tier: Number(outTier.slice(1)) };
  if (runbook) row.runbook = runbook;
  return row;
}

function resourceRef(text: string): ResourceRef {
  const [base = '', subresource] = text.split('/');
  const dot = base.indexOf('.');
  const ref: ResourceRef =
    dot === -1
      ? { resource: base, group: '' }
      : { resource: base.slice(0, dot), group: base.slice(dot + 1) };
  return subresource ? { ...ref, subresource } : ref;
}

const rows = TABLE.split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map(parseRow);

test('the decision table has at least 100 cases', () => {
  assert.ok(rows.length >= 100, `only ${rows.length} rows`);
});

test('decision table', async (t) => {
  const policy = parsePolicy(FIXTURE, 'fixture.yaml');
  for (const row of rows) {
    await t.test(row.line, () => {
      const result = decide(row.request, policy);
      assert.deepEqual(
        {
          decision: result.decision,
          rule: result.policy_rule,
          tier: result.tier,
          runbook: result.runbook,
        },
        { decision: row.decision, rule: row.rule, tier: row.tier, runbook: row.runbook },
      );
      assert.ok(result.reason.length > 0);
    });
  }
});

test('the built-in policy decides by tier alone and says so', () => {
  const expected = ['allow', 'allow', 'escalate', 'escalate', 'deny'];
  for (const tier of [0, 1, 2, 3, 4] as Tier[]) {
    for (const identity of ['token', 'declared', 'detected', 'none'] as IdentityKind[]) {
      const result = decide(
        {
          agent: 'claude-code',
          identity,
          tier,
          verb: 'get',
          resources: [{ resource: 'pods', group: '' }],
          namespaces: ['x'],
          clusterScoped: false,
        },
        builtinPolicy(),
      );
      assert.equal(result.decision, expected[tier]);
      assert.equal(result.policy_rule, `default.${tier}`);
      assert.match(result.reason, /built-in default policy/);
    }
  }
});

test('reasons name the runbook, the namespace and the tier label', () => {
  const policy = parsePolicy(FIXTURE, 'fixture.yaml');
  const [lowered, outside] = [
    'claude-code detected T2 patch deployments.apps dev-1 => allow default.1 T1 restart-deploy',
    'claude-code detected T0 get pods prod => deny agents.claude-code.namespaces T0',
  ].map((line) => decide(parseRow(line).request, policy));
  assert.match(lowered?.reason ?? '', /runbook restart-deploy.*T1.*operate/);
  assert.match(
    outside?.reason ?? '',
    /namespace "prod" is outside agent claude-code's namespaces \(dev-\*, staging\)/,
  );
});

test('a policy built in code that allows T4 by default still denies T4 (defence in depth)', () => {
  const policy: Policy = builtinPolicy();
  policy.default[4] = 'allow';
  const result = decide(
    parseRow('someone declared T4 exec pods/exec prod => deny default.4 T4').request,
    policy,
  );
  assert.equal(result.decision, 'deny');
  assert.equal(result.policy_rule, 'default.4');
});

test('a tier outside 0-4 is denied, not looked up', () => {
  const request = {
    ...parseRow('someone declared T0 get pods x => allow default.0 T0').request,
    tier: 7 as Tier,
  };
  const result = decide(request, builtinPolicy());
  assert.equal(result.decision, 'deny');
  assert.equal(result.policy_rule, 'engine.tier');
});

test('agent names are Map keys: "constructor" and "__proto__" find nothing inherited', () => {
  const policy = parsePolicy(FIXTURE, 'fixture.yaml');
  for (const agent of ['constructor', '__proto__', 'toString']) {
    const result = decide(
      {
        ...parseRow('x declared T2 patch deployments.apps prod => escalate default.2 T2').request,
        agent,
      },
      policy,
    );
    assert.equal(result.decision, 'escalate');
    assert.equal(result.policy_rule, 'default.2');
  }
});

test('the approval settings are exposed as parsed', () => {
  const policy = parsePolicy(FIXTURE, 'fixture.yaml');
  assert.deepEqual(policy.approval, {
    timeout_ms: 120_000,
    channel: 'inbox',
    require_signature: true,
  });
});
