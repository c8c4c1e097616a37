import { readAuditEvents } from '../../../audit/reader.js';
import { lastSeenByAgent } from '../../../identity/last-seen.js';
import { readRegistry } from '../../../identity/store.js';
import { iddioPaths } from '../../env.js';

interface Row {
  name: string;
  status: 'active' | 'revoked';
  created: string;
  revoked?: string;
  /** The last event in which the agent presented its token; absent when never. */
  last_seen?: string;
}

export async function runAgentList(options: { json?: boolean }): Promise<void> {
  const paths = iddioPaths();
  const registry = readRegistry(paths.agents);
  const lastSeen = await lastSeenByAgent(
    readAuditEvents(paths.auditLog),
    new Map(registry.agents.map((agent) => [agent.name, agent.created])),
  );
  const rows: Row[] = registry.agents.map((agent) => ({
    name: agent.name,
    status: agent.revoked ? 'revoked' : 'active',
    created: agent.created,
    ...(agent.revoked ? { revoked: agent.revoked } : {}),
    ...(lastSeen.has(agent.name) ? { last_seen: lastSeen.get(agent.name) } : {}),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ agents: rows }, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stderr.write('No agents. Add one with `iddio agent add <name>`.\n');
    return;
  }
  // Every value here is a validated name or a time iddio wrote: nothing to sanitise.
  const table = [
    ['NAME', 'STATUS', 'CREATED', 'LAST SEEN (TOKEN)'],
    ...rows.map((row) => [
      row.name,
      row.revoked ? `revoked ${row.revoked}` : 'active',
      row.created,
      row.last_seen ?? 'never',
    ]),
  ];
  const widths = table[0]!.map((_, column) =>
    Math.max(...table.map((line) => line[column]!.length)),
  );
  for (const line of table) {
    process.stdout.write(
      `${line.map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]! + 3))).join('')}\n`,
    );
  }
}
