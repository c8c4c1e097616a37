import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where iddio keeps its files (SPEC §3), resolved from the environment once, here. */
export interface IddioPaths {
  home: string;
  policy: string;
  rulesDir: string;
  agents: string;
  approvers: string;
  auditLog: string;
  inbox: string;
  sessions: string;
  cache: string;
}

export function iddioPaths(env: NodeJS.ProcessEnv = process.env): IddioPaths {
  const home = env.IDDIO_HOME || join(homedir(), '.iddio');
  return {
    home,
    policy: join(home, 'policy.yaml'),
    rulesDir: join(home, 'rules'),
    agents: join(home, 'agents.yaml'),
    approvers: join(home, 'approvers.yaml'),
    auditLog: env.IDDIO_AUDIT_LOG || join(home, 'audit', 'audit.ndjson'),
    inbox: join(home, 'inbox'),
    sessions: join(home, 'sessions'),
    cache: join(home, 'cache'),
  };
}
