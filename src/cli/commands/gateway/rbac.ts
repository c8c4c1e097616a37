import { existsSync } from 'node:fs';
import { UsageError } from '../../../common/errors.js';
import { gatewayRbac } from '../../../gateway/rbac.js';
import { readRegistry } from '../../../identity/store.js';
import { isValidAgentName } from '../../../identity/names.js';
import { readPolicy } from '../../../policy/load.js';
import { iddioPaths } from '../../env.js';

export function runGatewayRbac(options: Record<string, string | undefined>): void {
  const paths = iddioPaths({
    ...process.env,
    ...(options.home !== undefined ? { IDDIO_HOME: options.home } : {}),
  });
  const agents =
    options.agents !== undefined
      ? options.agents.split(',').filter((a) => a !== '')
      : readRegistry(paths.agents)
          .agents.filter((a) => a.revoked === undefined)
          .map((a) => a.name);
  for (const agent of agents) {
    if (!isValidAgentName(agent)) throw new UsageError(`bad agent name "${agent}"`);
  }
  if (agents.length === 0) {
    throw new UsageError('no agents: add one (iddio agent add NAME) or name them with --agents');
  }
  const policy = existsSync(paths.policy) ? readPolicy(paths.policy) : undefined;
  const groups = [...(policy?.agents.values() ?? [])].flatMap((a) => a.groups ?? []);
  process.stdout.write(
    gatewayRbac({
      namespace: options.namespace ?? 'iddio',
      serviceAccount: options.serviceAccount ?? 'iddio-gateway',
      agentNamespace: options.agentNamespace ?? 'default',
      agents,
      groups: [...new Set(groups)],
    }),
  );
}
