/**
 * Properties that must hold for every policy, not just the ones we thought of:
 *  - a T4 request is allowed only when the policy names T4 as allow for that very agent;
 *  - a request touching a namespace outside the agent's globs is never allowed;
 *  - runbooks lower only T2, and only to T1.
 * Policies are generated both as objects (reaching the engine directly, so the engine's own
 * guards are tested) and as YAML text (so the loader is in the loop).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Tier } from '../../src/classify/types.js';
import type { IdentityKind } from '../../src/identity/types.js';
import { ALL_NAMESPACES, decide } from '../../src/policy/engine.js';
import { parsePolicy } from '../../src/policy/load.js';
import type {
  AgentPolicy,
  Decision,
  DecisionRequest,
  Policy,
  RunbookStep,
} from '../../src/policy/types.js';

const AGENTS = ['a', 'b', 'claude-code', 'unknown'];
const NAMESPACES = ['dev', 'dev-1', 'dev-2', 'prod', 'staging', 'team-a', 'x', ALL_NAMESPACES];
const GLOBS = ['dev-*', 'dev?1', '*', '?', 'prod', 'team-?', 'st*g', '*-1', 'x', '*a*'];
const RESOURCES = ['deployments', 'pods', 'configmaps', 'secrets'];
const tier = fc.constantFrom<Tier>(0, 1, 2, 3, 4);
const decision = fc.constantFrom<Decision>('allow', 'escalate', 'deny');
const tiers = fc.dictionary(fc.constantFrom('0', '1', '2', '3', '4'), decision, { maxKeys: 5 });

const step: fc.Arbitrary<RunbookStep> = fc.record(
  {
    verbs: fc.subarray(
      ['patch', 'scale', 'rollout restart', 'rollout', 'delete', 'exec', 'create'],
      { minLength: 1 },
    ),
    resources: fc.subarray(
      ['deployments', 'deployments.apps', 'pods', 'pods/exec', 'deployments/scale', 'secrets'],
      { minLength: 1 },
    ),
    namespaces: fc.subarray(
      GLOBS.filter((g) => g !== '*'),
      { minLength: 1 },
    ),
  },
  { requiredKeys: ['verbs', 'resources'] },
);

const policyObject: fc.Arbitrary<Policy> = fc
  .record({
    default: fc.record({ 0: decision, 1: decision, 2: decision, 3: decision, 4: decision }),
    runbooks: fc.dictionary(
      fc.constantFrom('r1', 'r2', 'r3'),
      fc.array(step, { minLength: 1, maxLength: 3 }),
    ),
    agents: fc.dictionary(
      fc.constantFrom(...AGENTS),
      fc.record(
        {
          namespaces: fc.subarray(GLOBS, { minLength: 0 }),
          tiers,
          runbooks: fc.subarray(['r1', 'r2', 'r3']),
          require_token: fc.boolean(),
        },
        { requiredKeys: ['tiers', 'runbooks', 'require_token'] },
      ),
    ),
  })
  .map(({ default: defaults, runbooks, agents }) => ({
    source: 'generated',
    version: 1 as const,
    default: defaults,
    approval: { timeout_ms: 60_000, channel: 'auto' as const, require_signature: false },
    gateway: { impersonate: false },
    recording: { max_bytes: 10 * 1024 * 1024, retention_ms: 0, interactive: 'best-effort' },
    runbooks: new Map(Object.entries(runbooks)),
    agents: new Map(
      Object.entries(agents).map(([name, entry]): [string, AgentPolicy] => [
        name,
        {
          name,
          ...(entry.namespaces ? { namespaces: entry.namespaces } : {}),
          tiers: Object.fromEntries(Object.entries(entry.tiers).map(([t, d]) => [Number(t), d])),
          runbooks: entry.runbooks.filter((r) => r in runbooks),
          require_token: entry.require_token,
        },
      ]),
    ),
  }));

const request: fc.Arbitrary<DecisionRequest> = fc.record({
  agent: fc.constantFrom(...AGENTS, 'other'),
  identity: fc.constantFrom<IdentityKind>('token', 'declared', 'detected', 'none'),
  tier,
  verb: fc.constantFrom('patch', 'scale', 'rollout', 'get', 'delete', 'exec', 'create'),
  subverb: fc.constantFrom('restart', 'undo', 'status'),
  resources: fc.array(
    fc.record(
      {
        resource: fc.constantFrom(...RESOURCES),
        group: fc.constantFrom('', 'apps'),
        subresource: fc.constantFrom('scale', 'exec'),
      },
      { requiredKeys: ['resource', 'group'] },
    ),
    { maxLength: 3 },
  ),
  namespaces: fc.uniqueArray(fc.constantFrom(...NAMESPACES), { maxLength: 3 }),
  clusterScoped: fc.boolean(),
});

/** An independent glob oracle (regex-based; the engine uses a hand-written matcher). */
function oracleMatch(glob: string, namespace: string): boolean {
  if (namespace === ALL_NAMESPACES) return glob === '*';
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(namespace);
}

/** The policy's explicit word for T4 for this agent: its own tiers only. */
function namesT4Allow(policy: Policy, agent: string): boolean {
  return policy.agents.get(agent)?.tiers[4] === 'allow';
}

test("no policy object lets a T4 request through unless that agent's own tiers allow T4", () => {
  fc.assert(
    fc.property(policyObject, request, (policy, req) => {
      const t4 = { ...req, tier: 4 as Tier };
      const result = decide(t4, policy);
      if (result.decision === 'allow')
        assert.ok(namesT4Allow(policy, t4.agent), JSON.stringify(result));
      assert.equal(result.tier, 4, 'T4 is never lowered');
    }),
    { numRuns: 3000 },
  );
});

test('no policy file lets a T4 request through unless it names T4 for that agent', () => {
  fc.assert(
    fc.property(policyObject, request, (policy, req) => {
      // Written out as YAML and loaded back, as a user's file would be.
      const text = stringify({
        version: 1,
        default: policy.default,
        agents: Object.fromEntries(
          [...policy.agents].map(([name, { name: _n, ...rest }]) => [name, rest]),
        ),
        runbooks: Object.fromEntries(policy.runbooks),
      });
      let loaded: Policy;
      try {
        loaded = parsePolicy(text, 'generated.yaml');
      } catch (error) {
        // The only refusal such a file can earn is allowing T4 for everyone.
        assert.equal((error as { code?: string }).code, 'policy-t4-default');
        assert.equal(policy.default[4], 'allow');
        return;
      }
      const result = decide({ ...req, tier: 4 }, loaded);
      if (result.decision === 'allow') assert.ok(namesT4Allow(loaded, req.agent));
    }),
    { numRuns: 1500 },
  );
});

test("a request touching a namespace outside the agent's globs is never allowed", () => {
  fc.assert(
    fc.property(policyObject, request, (policy, req) => {
      const globs = policy.agents.get(req.agent)?.namespaces;
      fc.pre(globs !== undefined && !globs.includes('*'));
      const outside = req.namespaces.some((ns) => !globs.some((glob) => oracleMatch(glob, ns)));
      const result = decide(req, policy);
      if (outside) {
        assert.equal(result.decision, 'deny', JSON.stringify({ req, globs, result }));
      }
      if (result.decision === 'allow' && (req.clusterScoped || req.namespaces.length === 0)) {
        assert.equal(
          req.tier,
          0,
          'a namespace-limited agent is allowed cluster-scoped requests only at T0',
        );
      }
    }),
    { numRuns: 3000 },
  );
});

test('runbooks lower only T2, only to T1; every other tier is kept', () => {
  fc.assert(
    fc.property(policyObject, request, (policy, req) => {
      const result = decide(req, policy);
      if (result.tier !== req.tier) {
        assert.equal(req.tier, 2);
        assert.equal(result.tier, 1);
        assert.ok(
          result.runbook && policy.agents.get(req.agent)?.runbooks.includes(result.runbook),
        );
      } else {
        assert.equal(result.runbook, undefined);
      }
    }),
    { numRuns: 3000 },
  );
});

test('every decision names a rule that exists in the policy', () => {
  fc.assert(
    fc.property(policyObject, request, (policy, req) => {
      const { policy_rule: rule } = decide(req, policy);
      const match =
        /^(?:default\.([0-4])|agents\.([^.]+)\.(tiers\.[0-4]|namespaces|require_token))$/.exec(
          rule,
        );
      assert.ok(match, rule);
      if (match[2] !== undefined) assert.ok(policy.agents.has(match[2]), rule);
    }),
    { numRuns: 2000 },
  );
});
