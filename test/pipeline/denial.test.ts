/** The denial line: what, why (tier, rule, policy line), the request, and a human's next step. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { denialLine, type Denial } from '../../src/pipeline/denial.js';

const base: Denial = {
  argv: ['exec', '-it', 'api-0', '--', 'sh'],
  tier: 4,
  tierLabel: 'break-glass',
  rule: 'interactive-access',
  policyRule: 'default.4',
  reason: 'tier 4 (break-glass) is denied by the built-in default policy',
  requestId: 'idd_01J0000000000000000000000A',
  agent: 'claude-code',
  policyPath: '/h/.iddio/policy.yaml',
  policyFile: false,
};

describe('denialLine', () => {
  it('says what, why, which request and what a human can do, once each', () => {
    assert.equal(
      denialLine(base),
      'denied: kubectl exec -it api-0 -- sh is T4 break-glass (rule interactive-access), denied by policy default.4; request idd_01J0000000000000000000000A. Do not retry: a human can allow break-glass for this agent only, with agents.claude-code.tiers.4 in /h/.iddio/policy.yaml (`iddio init` creates it), or run the command themselves.',
    );
  });

  it('keeps the engine reason when the cause is not the tier', () => {
    const line = denialLine({
      ...base,
      argv: ['get', 'pods', '-n', 'payments'],
      tier: 0,
      tierLabel: 'observe',
      rule: 'observe',
      policyRule: 'agents.claude-code.namespaces',
      reason: `namespace "payments" is outside agent claude-code's namespaces (dev-*)`,
      policyFile: true,
    });
    assert.match(line, /denied because namespace "payments" is outside/);
    assert.match(
      line,
      /add the namespace to agents\.claude-code\.namespaces in \/h\/\.iddio\/policy\.yaml\.$/,
    );
  });

  it('names the line to change for a tier decision', () => {
    const line = denialLine({
      ...base,
      tier: 2,
      tierLabel: 'modify',
      policyRule: 'default.2',
      policyFile: true,
    });
    assert.match(
      line,
      /a human can change default\.2, or set agents\.claude-code\.tiers\.2, in \/h\/\.iddio\/policy\.yaml\.$/,
    );
    const own = denialLine({
      ...base,
      tier: 3,
      tierLabel: 'sensitive',
      policyRule: 'agents.claude-code.tiers.3',
      policyFile: true,
    });
    assert.match(
      own,
      /denied by policy agents\.claude-code\.tiers\.3;.*a human can change agents\.claude-code\.tiers\.3 in /,
    );
  });

  it('points at the token for a require_token entry', () => {
    const line = denialLine({
      ...base,
      policyRule: 'agents.claude-code.require_token',
      reason: 'agent claude-code must present its token',
    });
    assert.match(line, /iddio agent add claude-code/);
  });

  it('is one line: controls stripped, a long command shortened', () => {
    const line = denialLine({ ...base, argv: ['get', 'pods\n\x1b[31mx', 'a'.repeat(500)] });
    assert.ok(!/[\n\x1b]/.test(line));
    assert.ok(line.length < 500);
  });
});
