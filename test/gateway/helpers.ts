/**
 * A gateway in this process, in front of a sandbox, with a home of its own and an agent
 * kubeconfig that holds nothing but the gateway's URL, CA and the agent's token — as a user
 * would set it up with `iddio serve` and `iddio agent kubeconfig`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iddioPaths, type IddioPaths } from '../../src/cli/env.js';
import { agentKubeconfig } from '../../src/cli/commands/agent/kubeconfig.js';
import { shippedRulesDir } from '../../src/classify/index.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/index.js';
import { loadOrCreateTls } from '../../src/gateway/tls.js';
import { issueToken } from '../../src/identity/admin.js';
import { loadSelectedConfig } from '../../src/kube/kubeconfig.js';
import { tempDir } from '../helpers/cli.js';

export interface TestGateway {
  gateway: Gateway;
  paths: IddioPaths;
  /** Kubeconfig of agent `bot`. */
  kubeconfig: string;
  token: string;
  caCert: string;
  logs: string[];
  /** Another agent's kubeconfig. */
  agent(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function gatewayFor(
  upstreamKubeconfig: string,
  options: { policy?: string; extra?: Partial<GatewayOptions> } = {},
): Promise<TestGateway> {
  const home = tempDir('iddio-gw-home-');
  const paths = iddioPaths({ IDDIO_HOME: home });
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if (options.policy !== undefined) writeFileSync(paths.policy, options.policy);
  const tls = await loadOrCreateTls(home, { hosts: [] });
  const logs: string[] = [];
  const dir = tempDir('iddio-gw-agent-');
  const issue = (name: string): Promise<{ token: string }> =>
    issueToken({ registryPath: paths.agents, name, now: new Date(), audit: async () => undefined });
  // The first agent exists before the gateway starts, as a deployed gateway's agents do.
  const bot = await issue('bot');
  const gateway = await startGateway({
    paths,
    shippedRulesDir: shippedRulesDir(),
    upstream: loadSelectedConfig({ kubeconfig: upstreamKubeconfig }, {}),
    tls,
    host: '127.0.0.1',
    port: 0,
    log: (line) => logs.push(line),
    idleMs: 300,
    ...options.extra,
  });
  const writeKubeconfig = (name: string, token: string): string => {
    const file = join(dir, `${name}.kubeconfig`);
    writeFileSync(file, agentKubeconfig({ name, server: gateway.url, token, caCert: tls.caCert }), {
      mode: 0o600,
    });
    return file;
  };
  const agent = async (name: string): Promise<string> =>
    writeKubeconfig(name, (await issue(name)).token);
  const kubeconfig = writeKubeconfig('bot', bot.token);
  const token = /token: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1] ?? '';
  return {
    gateway,
    paths,
    kubeconfig,
    token,
    caCert: tls.caCert ?? '',
    logs,
    agent,
    stop: () => gateway.stop(),
  };
}

export interface LoggedEvent {
  stage: string;
  request_id: string;
  agent?: string;
  decision?: string;
  tier?: number;
  rule?: string;
  reason?: string;
  verb?: string;
  argv?: string[];
  exit_code?: number;
  recording?: string;
  api_requests?: Array<{
    method: string;
    path: string;
    status: number;
    audit_id: string;
    bytes_to_cluster?: number;
    bytes_to_client?: number;
  }>;
}

export function auditEvents(path: string): LoggedEvent[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LoggedEvent);
}

/** Waits until `check` holds (a command's `completed` is written after it goes idle). */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A recording's events as [code, text], consecutive events of one code joined: what was typed
 * and printed, whichever way the recorder grouped the chunks in time.
 */
export function streamsOf(
  events: ReadonlyArray<[number, string, string]>,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [, code, text] of events) {
    const last = out.at(-1);
    if (last && last[0] === code) last[1] += text;
    else out.push([code, text]);
  }
  return out;
}
