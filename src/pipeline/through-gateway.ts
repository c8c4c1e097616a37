/**
 * `iddio kubectl` pointed at an iddio gateway (a kubeconfig from `iddio agent kubeconfig`, or
 * IDDIO_GATEWAY set): the gateway identifies, classifies, decides, asks and records, so this
 * process does none of it — deciding here as well would ask the human twice and put a second,
 * agent-writable record beside the gateway's. It runs the command natively, sending its request
 * ID as X-Request-ID so the gateway treats every request of the command as one, and prints what
 * kubectl prints: a refusal is the gateway's Forbidden error, exit 1, as with kubectl.
 */
import { newRequestId } from '../audit/request-id.js';
import type { SelectedConfig } from '../kube/kubeconfig.js';
import type { Invocation, KubectlIo } from '../kubectl/invocation.js';
import { executeAndRecord } from './execute.js';
import type { KubectlRun } from './run-kubectl.js';
import type { KubeTarget } from './target.js';

/** The kubeconfig cluster extension `iddio agent kubeconfig` writes. */
export const GATEWAY_EXTENSION = 'iddio.dev/gateway';

/** The agent a gateway kubeconfig names, when the selected cluster is an iddio gateway. */
export function gatewayAgent(
  config: SelectedConfig | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  const cluster = config?.doc.clusters[0]?.cluster as { extensions?: unknown } | undefined;
  const extensions = Array.isArray(cluster?.extensions) ? (cluster.extensions as unknown[]) : [];
  for (const entry of extensions) {
    const { name, extension } = (entry ?? {}) as {
      name?: unknown;
      extension?: { agent?: unknown };
    };
    if (name === GATEWAY_EXTENSION) {
      return typeof extension?.agent === 'string' ? extension.agent : 'gateway-agent';
    }
  }
  return env.IDDIO_GATEWAY ? 'gateway-agent' : undefined;
}

/** Runs an already parsed command through the gateway its kubeconfig names. */
export function runOnGateway(options: {
  run: KubectlRun;
  agent: string;
  invocation: Invocation;
  target: KubeTarget;
  manifestIo: KubectlIo;
  stdinText: string | undefined;
}): Promise<number> {
  const { run, target } = options;
  const started = Date.now();
  const requestId = newRequestId(started);
  return executeAndRecord({
    executor: import('../kube/index.js'),
    invocation: options.invocation,
    context: {
      requestId,
      agent: options.agent,
      version: run.version,
      stdout: run.stdout,
      stderr: run.stderr,
      ...(options.stdinText !== undefined ? { stdin: Buffer.from(options.stdinText) } : {}),
      cacheDir: run.paths.cache,
      env: run.env,
      ...(target.config !== undefined ? { config: target.config } : {}),
      manifestIo: options.manifestIo,
    },
    preflight: [],
    completed: { stage: 'completed', request_id: requestId },
    started,
    // The gateway keeps the record; nothing is written on the agent's side.
    record: async () => undefined,
  });
}
