/**
 * Policy loading and validation (SPEC §5). Everything in the file is checked; anything not
 * understood is a ConfigError (exit 3) naming the file, the line and the reason, and the
 * caller refuses the command. There is no partial policy and no fallback to allow.
 */
import type { Node } from 'yaml';
import { isTier, type Tier } from '../classify/types.js';
import { ConfigError, isEmpty, YamlSource } from './yaml-source.js';
import { builtinPolicy } from './default.js';
import { isValidAgentName, AGENT_NAME_RULE } from '../identity/names.js';
import {
  APPROVAL_CHANNELS,
  DECISIONS,
  INTERACTIVE_RECORDING,
  type AgentPolicy,
  type Decision,
  type Policy,
  type RunbookStep,
} from './types.js';
import { KUBECTL_VERBS } from './verbs.js';
import { readRegularFile } from '../common/read-regular.js';

const TOP_KEYS = [
  'version',
  'default',
  'approval',
  'recording',
  'agents',
  'runbooks',
  'gateway',
] as const;
const GATEWAY_KEYS = ['impersonate'] as const;
const RECORDING_KEYS = ['max_bytes', 'retention', 'interactive'] as const;
/** Kubernetes group names as RBAC subjects spell them. */
const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9:._@-]{0,252}$/;
const APPROVAL_KEYS = ['timeout', 'channel', 'require_signature'] as const;
const AGENT_KEYS = ['namespaces', 'tiers', 'runbooks', 'require_token', 'groups'] as const;
const STEP_KEYS = ['verbs', 'resources', 'namespaces'] as const;

const NAMESPACE_GLOB = /^[a-z0-9*?-]{1,63}$/;
const RUNBOOK_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;
// plural[.group][/subresource]: lowercase DNS-ish words, as `iddio classify --json` reports.
const RESOURCE = /^[a-z0-9-]+(?:\.[a-z0-9.-]+)?(?:\/[a-z0-9-]+)?$/;
const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** Reads the policy at `path`; the built-in default when the file does not exist. */
export function readPolicy(path: string): Policy {
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return builtinPolicy();
    throw new ConfigError(
      path,
      1,
      `cannot read the policy: ${(error as Error).message}`,
      'policy-unreadable',
    );
  }
  return parsePolicy(text, path);
}

/** Parses and validates policy text. Pure: `file` is only used in messages and `source`. */
export function parsePolicy(text: string, file: string): Policy {
  const src: YamlSource = YamlSource.parse(text, file, 'policy');
  const root = src.root;
  if (root === null)
    src.fail(root, 'the policy is empty; it needs at least "version: 1"', 'version');
  src.onlyKeys(root, 'the policy', TOP_KEYS);

  const policy = builtinPolicy();
  policy.source = file;

  const version = src.get(root, 'version');
  if (!version) src.fail(root, 'missing "version: 1"', 'version');
  if (src.scalar(version.value, 'version') !== 1) {
    src.fail(version.value, 'unsupported version (only 1 exists)', 'version');
  }

  const defaults = src.get(root, 'default');
  if (defaults) {
    for (const [tier, decision, keyNode] of tierDecisions(src, defaults.value, 'default')) {
      if (tier === 4 && decision === 'allow') {
        src.fail(
          keyNode,
          'tier 4 (break-glass) cannot be allowed for every agent; allow it per agent under agents.<name>.tiers',
          't4-default',
        );
      }
      policy.default[tier] = decision;
    }
  }

  const approval = src.get(root, 'approval');
  if (approval) {
    src.onlyKeys(approval.value, 'approval', APPROVAL_KEYS);
    const timeout = src.get(approval.value, 'timeout');
    if (timeout) policy.approval.timeout_ms = parseTimeout(src, timeout.value);
    const channel = src.get(approval.value, 'channel');
    if (channel) {
      const value = src.string(channel.value, 'approval.channel');
      if (!(APPROVAL_CHANNELS as readonly string[]).includes(value)) {
        src.fail(
          channel.value,
          `unknown approval channel "${value}" (expected ${APPROVAL_CHANNELS.join(', ')})`,
          'bad-value',
        );
      }
      policy.approval.channel = value as Policy['approval']['channel'];
    }
    const signature = src.get(approval.value, 'require_signature');
    if (signature)
      policy.approval.require_signature = src.boolean(
        signature.value,
        'approval.require_signature',
      );
  }

  const gateway = src.get(root, 'gateway');
  if (gateway) {
    src.onlyKeys(gateway.value, 'gateway', GATEWAY_KEYS);
    const impersonate = src.get(gateway.value, 'impersonate');
    if (impersonate) {
      policy.gateway.impersonate = src.boolean(impersonate.value, 'gateway.impersonate');
    }
  }

  const recording = src.get(root, 'recording');
  if (recording) {
    src.onlyKeys(recording.value, 'recording', RECORDING_KEYS);
    const maxBytes = src.get(recording.value, 'max_bytes');
    if (maxBytes) policy.recording.max_bytes = parseBytes(src, maxBytes.value);
    const retention = src.get(recording.value, 'retention');
    if (retention) policy.recording.retention_ms = parseRetention(src, retention.value);
    const interactive = src.get(recording.value, 'interactive');
    if (interactive) {
      const value = src.string(interactive.value, 'recording.interactive');
      if (!(INTERACTIVE_RECORDING as readonly string[]).includes(value)) {
        src.fail(
          interactive.value,
          `bad recording.interactive "${value}" (expected required or best-effort)`,
          'bad-value',
        );
      }
      policy.recording.interactive = value as Policy['recording']['interactive'];
    }
  }

  const runbooks = src.get(root, 'runbooks');
  if (runbooks) {
    for (const { key, keyNode, value } of src.entries(runbooks.value, 'runbooks')) {
      if (!RUNBOOK_NAME.test(key)) src.fail(keyNode, `bad runbook name "${key}"`, 'bad-value');
      policy.runbooks.set(key, parseSteps(src, value, `runbooks.${key}`));
    }
  }

  const agents = src.get(root, 'agents');
  if (agents) {
    for (const { key, keyNode, value } of src.entries(agents.value, 'agents')) {
      if (!isValidAgentName(key))
        src.fail(keyNode, `bad agent name "${key}" (${AGENT_NAME_RULE})`, 'bad-value');
      policy.agents.set(key, parseAgent(src, key, value, policy.runbooks));
    }
  }
  return policy;
}

function parseAgent(
  src: YamlSource,
  name: string,
  node: Node | null,
  runbooks: Map<string, RunbookStep[]>,
): AgentPolicy {
  const where = `agents.${name}`;
  const agent: AgentPolicy = { name, tiers: {}, runbooks: [], require_token: false };
  if (isEmpty(node)) return agent; // `name:` with nothing under it: an entry with no overrides
  src.onlyKeys(node, where, AGENT_KEYS);
  const namespaces = src.get(node, 'namespaces');
  if (namespaces) agent.namespaces = namespaceGlobs(src, namespaces.value, `${where}.namespaces`);
  const tiers = src.get(node, 'tiers');
  if (tiers) {
    for (const [tier, decision] of tierDecisions(src, tiers.value, `${where}.tiers`))
      agent.tiers[tier] = decision;
  }
  const listed = src.get(node, 'runbooks');
  if (listed) {
    for (const { value, node: item } of src.strings(listed.value, `${where}.runbooks`)) {
      if (!runbooks.has(value)) {
        const known = [...runbooks.keys()];
        src.fail(
          item,
          `unknown runbook "${value}"${known.length ? ` (defined: ${known.join(', ')})` : ' (no runbooks are defined)'}`,
          'unknown-runbook',
        );
      }
      agent.runbooks.push(value);
    }
  }
  const requireToken = src.get(node, 'require_token');
  if (requireToken) agent.require_token = src.boolean(requireToken.value, `${where}.require_token`);
  const groups = src.get(node, 'groups');
  if (groups) {
    agent.groups = src.strings(groups.value, `${where}.groups`).map(({ value, node: item }) => {
      if (!GROUP_NAME.test(value))
        src.fail(item, `bad group name "${value}" in ${where}.groups`, 'bad-value');
      return value;
    });
  }
  return agent;
}

function parseSteps(src: YamlSource, node: Node | null, where: string): RunbookStep[] {
  const items = src.items(node, where);
  if (items.length === 0) src.fail(node, `${where} has no steps`, 'bad-value');
  return items.map((item, index) => {
    const at = `${where}[${index}]`;
    src.onlyKeys(item, at, STEP_KEYS);
    const verbs = src.get(item, 'verbs');
    const resources = src.get(item, 'resources');
    if (!verbs) src.fail(item, `${at} needs "verbs"`, 'bad-value');
    if (!resources) src.fail(item, `${at} needs "resources"`, 'bad-value');
    const step: RunbookStep = {
      verbs: nonEmpty(src, verbs.value, `${at}.verbs`).map(({ value, node: v }) => {
        const words = value.split(' ');
        if (words.length > 2 || !KUBECTL_VERBS.has(words[0] ?? '') || words.some((w) => w === '')) {
          src.fail(v, `unknown kubectl verb "${value}" in ${at}.verbs`, 'bad-value');
        }
        return value;
      }),
      resources: nonEmpty(src, resources.value, `${at}.resources`).map(({ value, node: r }) => {
        if (!RESOURCE.test(value)) {
          src.fail(
            r,
            `bad resource "${value}" in ${at}.resources (expected plural, plural.group or plural/subresource, lowercase)`,
            'bad-value',
          );
        }
        return value;
      }),
    };
    const namespaces = src.get(item, 'namespaces');
    if (namespaces) step.namespaces = namespaceGlobs(src, namespaces.value, `${at}.namespaces`);
    return step;
  });
}

function* tierDecisions(
  src: YamlSource,
  node: Node | null,
  where: string,
): Generator<[Tier, Decision, Node]> {
  for (const { key, keyNode, value } of src.entries(node, where)) {
    const tier = parseTier(key);
    if (tier === undefined)
      src.fail(
        keyNode,
        `unknown tier "${key}" in ${where} (expected 0-4 or T0-T4)`,
        'unknown-tier',
      );
    const decision = src.text(value, `${where}.${key}`);
    if (!(DECISIONS as readonly string[]).includes(decision)) {
      src.fail(
        value,
        `unknown decision "${decision}" for tier ${tier} in ${where} (expected allow, escalate or deny)`,
        'unknown-decision',
      );
    }
    yield [tier, decision as Decision, keyNode];
  }
}

function parseTier(key: string): Tier | undefined {
  const match = /^T?([0-4])$/.exec(key);
  const tier = match ? Number(match[1]) : undefined;
  return isTier(tier) ? tier : undefined;
}

function namespaceGlobs(src: YamlSource, node: Node | null, where: string): string[] {
  return src.strings(node, where).map(({ value, node: item }) => {
    if (!NAMESPACE_GLOB.test(value)) {
      src.fail(
        item,
        `bad namespace glob "${value}" in ${where} (lowercase letters, digits, "-", "*" and "?")`,
        'bad-value',
      );
    }
    return value;
  });
}

function nonEmpty(
  src: YamlSource,
  node: Node | null,
  where: string,
): Array<{ value: string; node: Node }> {
  const values = src.strings(node, where);
  if (values.length === 0) src.fail(node, `${where} is empty`, 'bad-value');
  return values;
}

function parseTimeout(src: YamlSource, node: Node | null): number {
  const raw = src.scalar(node, 'approval.timeout');
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(raw).trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match?.[2] ?? 's'] ?? 1000;
  const ms = match ? Math.round(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > MAX_TIMEOUT_MS) {
    src.fail(
      node,
      `bad approval.timeout "${String(raw)}" (expected a duration from 1s to 24h, e.g. 60s or 5m)`,
      'bad-value',
    );
  }
  return ms;
}

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `10MB`, `512KB`, `1048576`: from 1 KB to 1 GB. */
function parseBytes(src: YamlSource, node: Node | null): number {
  const raw = src.scalar(node, 'recording.max_bytes');
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(String(raw).trim());
  const bytes = match ? Number(match[1]) * (BYTE_UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1024 || bytes > 1024 ** 3) {
    src.fail(
      node,
      `bad recording.max_bytes "${String(raw)}" (expected a size from 1KB to 1GB, e.g. 10MB)`,
      'bad-value',
    );
  }
  return bytes;
}

/** `365d`, `12h`, `90m`, or 0 (keep forever). */
function parseRetention(src: YamlSource, node: Node | null): number {
  const raw = src.scalar(node, 'recording.retention');
  const text = String(raw).trim();
  if (text === '0') return 0;
  const match = /^(\d+)(m|h|d)$/.exec(text);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match?.[2] ?? 'd'] ?? 86_400_000;
  const ms = match ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(ms) || ms < 60_000) {
    src.fail(
      node,
      `bad recording.retention "${text}" (expected a duration such as 365d, 12h or 90m, or 0 to keep recordings forever)`,
      'bad-value',
    );
  }
  return ms;
}
