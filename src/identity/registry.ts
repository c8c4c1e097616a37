/**
 * agents.yaml (SPEC §3): parsing with line-numbered errors, and the pure edits that
 * `iddio agent add|revoke` make. Reading and writing the file lives in store.ts.
 *
 *   version: 1
 *   agents:
 *     claude-code:
 *       sha256: <64 lowercase hex>
 *       created: "2026-01-01T00:00:00.000Z"
 *       revoked: "2026-02-01T00:00:00.000Z"   # only once revoked
 */
import type { Node } from 'yaml';
import { EXIT } from '../common/exit-codes.js';
import { IddioError, UsageError } from '../common/errors.js';
import { YamlSource } from '../policy/yaml-source.js';
import { AGENT_NAME_RULE, isValidAgentName } from './names.js';
import { UNKNOWN_AGENT, type AgentRecord, type AgentRegistry } from './types.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

export function emptyRegistry(source: string): AgentRegistry {
  return { source, agents: [] };
}

/** Parses agents.yaml. An empty file is an empty registry; anything malformed is exit 3. */
export function parseRegistry(text: string, file: string): AgentRegistry {
  const src: YamlSource = YamlSource.parse(text, file, 'agents');
  const registry = emptyRegistry(file);
  if (src.root === null) return registry;
  src.onlyKeys(src.root, 'agents.yaml', ['version', 'agents']);
  const version = src.get(src.root, 'version');
  if (!version) src.fail(src.root, 'missing "version: 1"', 'version');
  if (src.scalar(version.value, 'version') !== 1)
    src.fail(version.value, 'unsupported version (only 1 exists)', 'version');
  const agents = src.get(src.root, 'agents');
  if (!agents || agents.value === null) return registry;
  for (const { key, keyNode, value } of src.entries(agents.value, 'agents')) {
    if (!isValidAgentName(key))
      src.fail(keyNode, `bad agent name "${key}" (${AGENT_NAME_RULE})`, 'bad-value');
    registry.agents.push(parseRecord(src, key, keyNode, value));
  }
  return registry;
}

function parseRecord(src: YamlSource, name: string, keyNode: Node, node: Node | null): AgentRecord {
  src.onlyKeys(node, `agents.${name}`, ['sha256', 'created', 'revoked', 'tokens']);
  const field = (key: string, pattern: RegExp, expected: string): string | undefined => {
    const entry = src.get(node, key);
    if (!entry) return undefined;
    const value = src.string(entry.value, `agents.${name}.${key}`);
    if (!pattern.test(value))
      src.fail(entry.value, `agents.${name}.${key} must be ${expected}`, 'bad-value');
    return value;
  };
  const sha256 = field('sha256', SHA256_HEX, '64 lowercase hex digits');
  const created = field('created', TIMESTAMP, 'an RFC 3339 UTC time');
  const revoked = field('revoked', TIMESTAMP, 'an RFC 3339 UTC time');
  if (sha256 === undefined) src.fail(keyNode, `agents.${name} has no sha256`, 'bad-value');
  if (created === undefined) src.fail(keyNode, `agents.${name} has no created time`, 'bad-value');
  const record: AgentRecord = { name, sha256, created };
  if (revoked !== undefined) record.revoked = revoked;
  const tokens = src.get(node, 'tokens');
  if (tokens && tokens.value !== null) {
    record.tokens = src.items(tokens.value, `agents.${name}.tokens`).map((item) => {
      src.onlyKeys(item, `agents.${name}.tokens[]`, ['sha256', 'created']);
      const extra = (key: string, pattern: RegExp, expected: string): string => {
        const entry = src.get(item, key);
        const value = entry ? src.string(entry.value, `agents.${name}.tokens[].${key}`) : '';
        if (!pattern.test(value))
          src.fail(
            entry?.value ?? item,
            `agents.${name}.tokens[].${key} must be ${expected}`,
            'bad-value',
          );
        return value;
      };
      return {
        sha256: extra('sha256', SHA256_HEX, '64 lowercase hex digits'),
        created: extra('created', TIMESTAMP, 'an RFC 3339 UTC time'),
      };
    });
  }
  return record;
}

/** The file text for a registry. Values are validated names, hex and times: JSON-quoted is safe YAML. */
export function serializeRegistry(registry: AgentRegistry): string {
  const lines = [
    '# iddio agent tokens. Managed by `iddio agent add|list|revoke`.',
    '# Only the SHA-256 of each token is stored; the token itself was shown once, at `add`.',
    'version: 1',
  ];
  if (registry.agents.length === 0) lines.push('agents: {}');
  else lines.push('agents:');
  for (const agent of registry.agents) {
    // Quoted, so a name like `007` or a hash of digits stays a string when read back.
    lines.push(
      `  ${JSON.stringify(agent.name)}:`,
      `    sha256: ${JSON.stringify(agent.sha256)}`,
      `    created: ${JSON.stringify(agent.created)}`,
    );
    if (agent.revoked !== undefined) lines.push(`    revoked: ${JSON.stringify(agent.revoked)}`);
    if (agent.tokens !== undefined && agent.tokens.length > 0) {
      lines.push('    tokens:');
      for (const extra of agent.tokens) {
        lines.push(
          `      - sha256: ${JSON.stringify(extra.sha256)}`,
          `        created: ${JSON.stringify(extra.created)}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export function checkAgentName(name: string): void {
  if (!isValidAgentName(name))
    throw new UsageError(`bad agent name "${name}": ${AGENT_NAME_RULE}`, {
      code: 'bad-agent-name',
    });
  if (name === UNKNOWN_AGENT) {
    throw new UsageError(`"${UNKNOWN_AGENT}" is reserved for callers with no identity`, {
      code: 'bad-agent-name',
    });
  }
}

/**
 * A registry with `name` added. An active agent of that name is an error. A revoked name is
 * given out again only with `reissue` (`iddio agent add <name> --reissue`): the policy is keyed
 * by name, so a new token under a revoked name hands its holder everything that agent was
 * allowed — the review's agent revoked a more privileged agent and reissued its name to itself.
 * The old token then fails as an unknown token, still exit 3, and the log keeps both events.
 */
export function withAgent(
  registry: AgentRegistry,
  name: string,
  sha256: string,
  created: string,
  reissue = false,
): AgentRegistry {
  checkAgentName(name);
  const existing = registry.agents.find((agent) => agent.name === name);
  if (existing && !existing.revoked) {
    throw new IddioError(`agent "${name}" already exists (revoke it first to issue a new token)`, {
      code: 'agent-exists',
      exitCode: EXIT.usage,
    });
  }
  if (existing?.revoked && !reissue) {
    throw new IddioError(
      `agent "${name}" was revoked at ${existing.revoked}; a new token under its name gets everything the policy allows "${name}": if that is intended, run \`iddio agent add ${name} --reissue\``,
      { code: 'agent-revoked', exitCode: EXIT.usage },
    );
  }
  if (!existing && reissue) {
    throw new IddioError(`no revoked agent named "${name}" to reissue (add it without --reissue)`, {
      code: 'agent-unknown',
      exitCode: EXIT.usage,
    });
  }
  const others = registry.agents.filter((agent) => agent.name !== name);
  return { ...registry, agents: [...others, { name, sha256, created }] };
}

/** A registry where the active agent `name` also holds a further token. */
export function withExtraToken(
  registry: AgentRegistry,
  name: string,
  sha256: string,
  created: string,
): AgentRegistry {
  const existing = registry.agents.find((agent) => agent.name === name);
  if (!existing || existing.revoked) {
    throw new IddioError(`no active agent named "${name}"`, {
      code: 'agent-unknown',
      exitCode: EXIT.usage,
    });
  }
  return {
    ...registry,
    agents: registry.agents.map((agent) =>
      agent === existing
        ? { ...agent, tokens: [...(agent.tokens ?? []), { sha256, created }] }
        : agent,
    ),
  };
}

/** A registry with `name` revoked at `at`. Unknown or already revoked is an error. */
export function withRevoked(registry: AgentRegistry, name: string, at: string): AgentRegistry {
  const existing = registry.agents.find((agent) => agent.name === name);
  if (!existing)
    throw new IddioError(`no agent named "${name}"`, {
      code: 'agent-unknown',
      exitCode: EXIT.usage,
    });
  if (existing.revoked) {
    throw new IddioError(`agent "${name}" was already revoked at ${existing.revoked}`, {
      code: 'agent-revoked',
      exitCode: EXIT.usage,
    });
  }
  return {
    ...registry,
    agents: registry.agents.map((agent) =>
      agent.name === name ? { ...agent, revoked: at } : agent,
    ),
  };
}
