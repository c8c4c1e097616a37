import { addAgent, fingerprint } from '../../../identity/admin.js';
import { iddioPaths } from '../../env.js';
import { adminAudit, refuseAgentAdmin } from './admin-audit.js';

/** Prints only the token on stdout (so `TOKEN=$(iddio agent add x)` works); the rest on stderr. */
export async function runAgentAdd(name: string, options: { reissue?: boolean }): Promise<void> {
  const paths = iddioPaths();
  const argv = ['agent', 'add', name, ...(options.reissue ? ['--reissue'] : [])];
  await refuseAgentAdmin(paths, process.env, argv, 'add an agent');
  const added = await addAgent({
    registryPath: paths.agents,
    name,
    now: new Date(),
    audit: adminAudit(paths, process.env),
    reissue: options.reissue === true,
  });
  process.stderr.write(
    `agent ${added.name} added. Its token follows, shown only this once; give it to the agent as ` +
      `IDDIO_AGENT_TOKEN. agents.yaml keeps only its SHA-256 (${fingerprint(added.sha256)}...).\n`,
  );
  process.stdout.write(`${added.token}\n`);
}
