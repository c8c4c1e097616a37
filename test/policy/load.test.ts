/**
 * Every kind of malformed policy fails at load with its own code, the right line and the
 * file name; a valid policy loads exactly. The file written by `iddio init` behaves exactly
 * like the built-in default, and its commented example is the SPEC §5 example.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { IddioError } from '../../src/common/errors.js';
import { builtinPolicy, DEFAULT_POLICY_YAML } from '../../src/policy/default.js';
import { parsePolicy, readPolicy } from '../../src/policy/load.js';
import { ConfigError } from '../../src/policy/yaml-source.js';
import { tempDir } from '../helpers/cli.js';

const FILE = '/etc/iddio/policy.yaml';

/** [description, policy text, expected code, expected line, message fragment] */
const MALFORMED: Array<[string, string, string, number, RegExp]> = [
  [
    'YAML that does not parse',
    'version: 1\nfoo: bar: baz\nx: 1\n',
    'policy-parse',
    2,
    /Nested mappings/,
  ],
  ['an unclosed quote', 'version: 1\ndefault: "abc\n', 'policy-parse', 3, /quote/],
  ['a tab used as indentation', 'version: 1\napproval:\n\ttimeout: 5s\n', 'policy-parse', 3, /./],
  ['a duplicate key', 'version: 1\nagents:\n  a: {}\n  a: {}\n', 'policy-parse', 4, /unique/],
  [
    'an unknown gateway key',
    'version: 1\ngateway:\n  impersonat: true\n',
    'policy-unknown-key',
    3,
    /impersonat/,
  ],
  [
    'a gateway setting that is not a boolean',
    'version: 1\ngateway:\n  impersonate: maybe\n',
    'policy-bad-value',
    3,
    /gateway\.impersonate/,
  ],
  [
    'a recording.interactive that is neither required nor best-effort',
    'version: 1\nrecording:\n  interactive: always\n',
    'policy-bad-value',
    3,
    /bad recording\.interactive "always" \(expected required or best-effort\)/,
  ],
  [
    'a group name with a space',
    'version: 1\nagents:\n  a:\n    groups: ["two words"]\n',
    'policy-bad-value',
    4,
    /bad group name/,
  ],
  [
    'a duplicate top-level key',
    'version: 1\ndefault: {}\ndefault: {}\n',
    'policy-parse',
    3,
    /unique/,
  ],
  ['an anchor', 'version: 1\ndefault: &d { 0: allow }\n', 'policy-parse', 2, /anchors/],
  [
    'an alias',
    'version: 1\nrunbooks:\n  a: [{ verbs: [patch], resources: [pods] }]\nagents:\n  x: *r\n',
    'policy-parse',
    5,
    /./,
  ],
  ['two documents', 'version: 1\n---\nversion: 1\n', 'policy-parse', 2, /./],
  ['an empty file', '', 'policy-version', 1, /empty/],
  ['a comment-only file', '# nothing\n', 'policy-version', 1, /empty/],
  ['a missing version', 'default: { 0: allow }\n', 'policy-version', 1, /missing "version: 1"/],
  ['version 2', 'version: 2\n', 'policy-version', 1, /unsupported version/],
  ['version as a string', 'version: "1"\n', 'policy-version', 1, /unsupported version/],
  ['a top level that is a list', '- version: 1\n', 'policy-bad-value', 1, /mapping/],
  [
    'an unknown top-level key',
    'version: 1\nagent:\n  a: {}\n',
    'policy-unknown-key',
    2,
    /unknown key "agent"/,
  ],
  [
    'an unknown approval key',
    'version: 1\napproval:\n  timout: 5s\n',
    'policy-unknown-key',
    3,
    /unknown key "timout" in approval/,
  ],
  [
    'an unknown agent key',
    'version: 1\nagents:\n  a:\n    namespace: [x]\n',
    'policy-unknown-key',
    4,
    /unknown key "namespace" in agents.a/,
  ],
  [
    'an unknown runbook step key',
    'version: 1\nrunbooks:\n  r:\n    - { verbs: [patch], resources: [pods], verb: x }\n',
    'policy-unknown-key',
    4,
    /unknown key "verb"/,
  ],
  [
    'an unknown tier in default',
    'version: 1\ndefault:\n  0: allow\n  5: allow\n',
    'policy-unknown-tier',
    4,
    /unknown tier "5"/,
  ],
  [
    'a tier name',
    'version: 1\ndefault: { high: deny }\n',
    'policy-unknown-tier',
    2,
    /unknown tier "high"/,
  ],
  [
    'T9',
    'version: 1\nagents:\n  a:\n    tiers: { T9: deny }\n',
    'policy-unknown-tier',
    4,
    /unknown tier "T9"/,
  ],
  [
    'a negative tier',
    'version: 1\ndefault: { -1: deny }\n',
    'policy-unknown-tier',
    2,
    /unknown tier "-1"/,
  ],
  [
    'a misspelt decision',
    'version: 1\ndefault:\n  2: alow\n',
    'policy-unknown-decision',
    3,
    /unknown decision "alow" for tier 2/,
  ],
  [
    'a boolean decision',
    'version: 1\ndefault: { 2: true }\n',
    'policy-unknown-decision',
    2,
    /unknown decision "true"/,
  ],
  [
    'a capitalised decision',
    'version: 1\nagents:\n  a:\n    tiers:\n      3: Allow\n',
    'policy-unknown-decision',
    5,
    /unknown decision "Allow"/,
  ],
  [
    '"approve" as a decision',
    'version: 1\ndefault: { 1: approve }\n',
    'policy-unknown-decision',
    2,
    /expected allow, escalate or deny/,
  ],
  [
    'an unknown runbook',
    'version: 1\nagents:\n  a:\n    runbooks:\n      - restart\n',
    'policy-unknown-runbook',
    5,
    /unknown runbook "restart" \(no runbooks are defined\)/,
  ],
  [
    'a runbook defined under another name',
    'version: 1\nrunbooks:\n  restart-deploy: [{ verbs: [patch], resources: [deployments] }]\nagents:\n  a: { runbooks: [restart-deployment] }\n',
    'policy-unknown-runbook',
    5,
    /defined: restart-deploy/,
  ],
  [
    'tier 4 allowed by default',
    'version: 1\ndefault:\n  4: allow\n',
    'policy-t4-default',
    3,
    /per agent/,
  ],
  [
    'T4 allowed by default',
    'version: 1\ndefault: { T4: allow }\n',
    'policy-t4-default',
    2,
    /break-glass/,
  ],
  [
    'an unknown approval channel',
    'version: 1\napproval:\n  channel: slack\n',
    'policy-bad-value',
    3,
    /unknown approval channel "slack"/,
  ],
  [
    'a timeout without a number',
    'version: 1\napproval:\n  timeout: soon\n',
    'policy-bad-value',
    3,
    /bad approval.timeout/,
  ],
  [
    'a zero timeout',
    'version: 1\napproval: { timeout: 0 }\n',
    'policy-bad-value',
    2,
    /bad approval.timeout/,
  ],
  [
    'a timeout over a day',
    'version: 1\napproval: { timeout: 25h }\n',
    'policy-bad-value',
    2,
    /bad approval.timeout/,
  ],
  [
    'require_signature: yes',
    'version: 1\napproval:\n  require_signature: yes\n',
    'policy-bad-value',
    3,
    /true or false/,
  ],
  [
    'require_token as a string',
    'version: 1\nagents:\n  a: { require_token: "true" }\n',
    'policy-bad-value',
    3,
    /true or false/,
  ],
  [
    'namespaces as a string',
    'version: 1\nagents:\n  a:\n    namespaces: dev-*\n',
    'policy-bad-value',
    4,
    /must be a list/,
  ],
  [
    'an upper-case namespace glob',
    'version: 1\nagents:\n  a:\n    namespaces:\n      - dev-*\n      - Prod\n',
    'policy-bad-value',
    6,
    /bad namespace glob "Prod"/,
  ],
  [
    'a regex as a namespace glob',
    'version: 1\nagents:\n  a: { namespaces: ["dev-.*"] }\n',
    'policy-bad-value',
    3,
    /bad namespace glob/,
  ],
  [
    'a bad agent name',
    'version: 1\nagents:\n  Claude Code: {}\n',
    'policy-bad-value',
    3,
    /bad agent name "Claude Code"/,
  ],
  [
    'agents as a list',
    'version: 1\nagents:\n  - claude-code\n',
    'policy-bad-value',
    3,
    /agents must be a mapping/,
  ],
  [
    'tiers as a list',
    'version: 1\nagents:\n  a:\n    tiers: [allow]\n',
    'policy-bad-value',
    4,
    /must be a mapping/,
  ],
  [
    'a misspelt runbook verb',
    'version: 1\nrunbooks:\n  r:\n    - verbs: [pach]\n      resources: [deployments]\n',
    'policy-bad-value',
    4,
    /unknown kubectl verb "pach"/,
  ],
  [
    'a three-word verb',
    'version: 1\nrunbooks:\n  r: [{ verbs: ["rollout restart now"], resources: [deployments] }]\n',
    'policy-bad-value',
    3,
    /unknown kubectl verb/,
  ],
  [
    'a Kind instead of a resource',
    'version: 1\nrunbooks:\n  r: [{ verbs: [patch], resources: [Deployment] }]\n',
    'policy-bad-value',
    3,
    /bad resource "Deployment"/,
  ],
  [
    'a runbook with no steps',
    'version: 1\nrunbooks:\n  r: []\n',
    'policy-bad-value',
    3,
    /has no steps/,
  ],
  [
    'a step without verbs',
    'version: 1\nrunbooks:\n  r:\n    - resources: [deployments]\n',
    'policy-bad-value',
    4,
    /needs "verbs"/,
  ],
  [
    'a step without resources',
    'version: 1\nrunbooks:\n  r:\n    - verbs: [patch]\n',
    'policy-bad-value',
    4,
    /needs "resources"/,
  ],
  [
    'an empty verbs list',
    'version: 1\nrunbooks:\n  r:\n    - { verbs: [], resources: [pods] }\n',
    'policy-bad-value',
    4,
    /verbs is empty/,
  ],
  [
    'a bad runbook name',
    'version: 1\nrunbooks:\n  Restart_: [{ verbs: [patch], resources: [pods] }]\n',
    'policy-bad-value',
    3,
    /bad runbook name/,
  ],
];

test('each kind of malformed policy fails with its own code and line', async (t) => {
  for (const [what, text, code, line, message] of MALFORMED) {
    await t.test(what, () => {
      assert.throws(
        () => parsePolicy(text, FILE),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
          assert.equal(error.code, code, error.message);
          assert.equal(error.line, line, error.message);
          assert.equal(error.exitCode, 3);
          assert.equal(error.file, FILE);
          assert.ok(error.message.startsWith(`${FILE}:${line}: `), error.message);
          assert.match(error.reason, message);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
    });
  }
});

test('the file init writes loads to exactly the built-in policy', () => {
  const loaded = parsePolicy(DEFAULT_POLICY_YAML, FILE);
  assert.deepEqual({ ...loaded, source: 'built-in' }, builtinPolicy());
});

test("the default file's commented example, uncommented, is the SPEC §5 example", () => {
  const start = DEFAULT_POLICY_YAML.indexOf('#agents:');
  assert.ok(start > 0);
  const uncommented =
    DEFAULT_POLICY_YAML.slice(0, start) +
    DEFAULT_POLICY_YAML.slice(start).replace(/^#(?! \S|$)/gm, '');
  const policy = parsePolicy(uncommented, FILE);
  assert.deepEqual(policy.agents.get('claude-code'), {
    name: 'claude-code',
    namespaces: ['dev-*', 'staging'],
    tiers: { 2: 'allow', 3: 'escalate' },
    runbooks: ['restart-deploy'],
    require_token: false,
    groups: ['team-payments'],
  });
  assert.deepEqual(policy.gateway, { impersonate: false });
  assert.deepEqual(policy.runbooks.get('restart-deploy')?.[0], {
    verbs: ['patch'],
    resources: ['deployments'],
  });
});

test('the default file mentions every key a policy can have', () => {
  const keys = [
    'version',
    'default',
    'approval',
    'timeout',
    'channel',
    'require_signature',
    'agents',
    'namespaces',
    'tiers',
    'runbooks',
    'require_token',
    'groups',
    'gateway',
    'impersonate',
    'verbs',
    'resources',
  ];
  for (const key of keys) assert.match(DEFAULT_POLICY_YAML, new RegExp(`\\b${key}:`), key);
});

test('tiers may be written 0-4 or T0-T4; a partial default keeps the built-in for the rest', () => {
  const policy = parsePolicy('version: 1\ndefault: { T2: deny, 0: escalate }\n', FILE);
  assert.deepEqual(policy.default, {
    0: 'escalate',
    1: 'allow',
    2: 'deny',
    3: 'escalate',
    4: 'deny',
  });
});

test('timeouts accept ms, s, m, h and bare seconds', () => {
  const cases: Array<[string, number]> = [
    ['1500ms', 1500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['45', 45_000],
    ['1.5m', 90_000],
  ];
  for (const [text, ms] of cases) {
    assert.equal(
      parsePolicy(`version: 1\napproval: { timeout: ${text} }\n`, FILE).approval.timeout_ms,
      ms,
      text,
    );
  }
});

test('an agent entry with nothing under it is an entry with no overrides; empty sections are empty', () => {
  const policy = parsePolicy(
    'version: 1\nagents:\n  quiet:\n  tilde: ~\nrunbooks:\napproval:\n',
    FILE,
  );
  assert.deepEqual(policy.agents.get('quiet'), {
    name: 'quiet',
    tiers: {},
    runbooks: [],
    require_token: false,
  });
  assert.deepEqual(policy.agents.get('tilde'), {
    name: 'tilde',
    tiers: {},
    runbooks: [],
    require_token: false,
  });
  assert.equal(policy.runbooks.size, 0);
  assert.deepEqual(policy.approval, builtinPolicy().approval);
});

test('readPolicy: absent file → built-in; present → parsed; unreadable → exit 3', () => {
  const dir = tempDir();
  assert.deepEqual(readPolicy(join(dir, 'policy.yaml')), builtinPolicy());
  writeFileSync(join(dir, 'policy.yaml'), 'version: 1\ndefault: { 2: deny }\n');
  const loaded = readPolicy(join(dir, 'policy.yaml'));
  assert.equal(loaded.default[2], 'deny');
  assert.equal(loaded.source, join(dir, 'policy.yaml'));
  mkdirSync(join(dir, 'dir.yaml'));
  assert.throws(
    () => readPolicy(join(dir, 'dir.yaml')),
    (error: unknown) =>
      error instanceof IddioError && error.code === 'policy-unreadable' && error.exitCode === 3,
  );
});

test('a numeric-looking agent name keeps its spelling', () => {
  const policy = parsePolicy(
    'version: 1\nagents:\n  007: { tiers: { 2: allow } }\n  1e3: {}\n',
    FILE,
  );
  assert.deepEqual([...policy.agents.keys()], ['007', '1e3']);
});
