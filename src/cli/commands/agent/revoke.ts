import { revokeAgent } from '../../../identity/admin.js';
import { iddioPaths } from '../../env.js';
import { adminAudit, refuseAgentAdmin } from './admin-audit.js';

export async function runAgentRevoke(name: string): Promise<void> {
  const paths = iddioPaths();
  await refuseAgentAdmin(paths, process.env, ['agent', 'revoke', name], 'revoke an agent');
  const result = await revokeAgent({
    registryPath: paths.agents,
    name,
    now: new Date(),
    audit: adminAudit(paths, process.env),
  });
  process.stdout.write(
    `agent ${result.name} revoked at ${result.revoked}; its token is now refused (exit 3)\n`,
  );
}
