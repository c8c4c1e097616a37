/**
 * The execution layer of `iddio kubectl`: runs one parsed kubectl invocation against the
 * cluster the kubeconfig selects, printing exactly what kubectl 1.32 prints.
 *
 *   executeInvocation(invocation, context) → Promise<{ exitCode, apiRequests, outputSha256 }>
 *
 *   invocation  the parser's Invocation (src/kubectl/invocation.ts); only the fields in
 *               KubeInvocation are read.
 *   context     { requestId, agent, version, stdout, stderr, stdin?, cacheDir, env, signal?, now? }
 *               signal     aborting it ends a stream (logs -f), which then exits 130
 *               requestId  idd_<ULID>: every HTTP request carries X-Request-ID: requestId,
 *                          Audit-ID: requestId with "_"→"-" plus "-n" (n = 1, 2, …), and
 *                          User-Agent: iddio/<version> (agent=<agent>; request_id=<requestId>)
 *               cacheDir   discovery cache root ($IDDIO_HOME/cache), 6-hour TTL per cluster
 *               env        KUBECONFIG and HOME are read from here, never from process.env
 *
 *   exitCode     kubectl's: 0 ok, 1 the Kubernetes call (or kubeconfig) failed; 2 when iddio
 *                cannot run the verb or a flag yet ("iddio: <verb> is not supported yet") —
 *                an unimplemented verb or flag is refused, never approximated.
 *   apiRequests  every HTTP request made, in order: { method, path, status, audit_id }
 *                (status 0 when no response arrived), for the audit `completed` event.
 *   outputSha256 lowercase hex SHA-256 of all stdout bytes.
 *
 *   preloadClient() → starts importing client-node's KubeConfig (the largest cost of a command,
 *                ~60 ms bundled) so the pipeline can overlap it with classify/decide/approve.
 *
 *   SUPPORTED_VERBS  the command words run natively ("get", "auth can-i", "create secret generic", …).
 *
 * It never throws for cluster, kubeconfig or usage problems: those are printed on stderr worded
 * as kubectl words them (one line, or kubectl's own multi-line usage text) and reflected in
 * exitCode. It throws only on bugs. Output is written to the given streams as it is produced;
 * the caller drains them before exiting. `--help` is not handled here (it is refused like any
 * unimplemented flag). @kubernetes/client-node is imported lazily, from its config module only.
 */
import type { KubeClient } from './client.js';
import { createClient } from './connect.js';
import { DiscoverySource } from './discovery.js';
import { KubeError } from './errors.js';
import { flagInt, HANDLED_FLAGS, notSupported, requireHandled } from './flags.js';
import { loadSelectedConfig } from './kubeconfig.js';
import { Output } from './output.js';
import { requestTimeoutOf } from './request-timeout.js';
import type { ExecContext, ExecResult, KubeInvocation } from './types.js';
import type { LocalVerb } from './verbs/config.js';
import type { VerbContext } from './verbs/context.js';

export type { ApiRequest, ExecContext, ExecResult, KubeInvocation } from './types.js';
/** Call as early as possible (before parsing, before an approval prompt) to overlap the import. */
export { preloadClient } from './connect.js';
export { KubeError } from './errors.js';

type VerbRunner = (ctx: VerbContext) => Promise<number>;

/** Implemented verbs, loaded on use. Anything else is refused with exit 2. */
const VERBS: Record<string, () => Promise<VerbRunner>> = {
  get: async () => (await import('./verbs/get.js')).get,
  version: async () => (await import('./verbs/version.js')).version,
  'api-resources': async () => (await import('./verbs/api-resources.js')).apiResources,
  'api-versions': async () => (await import('./verbs/api-resources.js')).apiVersions,
  'cluster-info': async () => (await import('./verbs/cluster-info.js')).clusterInfo,
  delete: async () => (await import('./verbs/delete.js')).deleteVerb,
  label: async () => (await import('./verbs/label.js')).label,
  annotate: async () => (await import('./verbs/label.js')).annotate,
  scale: async () => (await import('./verbs/scale.js')).scale,
  logs: async () => (await import('./verbs/logs.js')).logs,
  'rollout restart': async () => (await import('./verbs/rollout.js')).restart,
  'rollout status': async () => (await import('./verbs/rollout.js')).status,
  'rollout history': async () => (await import('./verbs/rollout.js')).history,
  'rollout undo': async () => (await import('./verbs/rollout-undo.js')).undo,
  'create namespace': async () => (await import('./verbs/create.js')).create,
  'create configmap': async () => (await import('./verbs/create.js')).create,
  'create secret generic': async () => (await import('./verbs/create.js')).create,
  create: async () => (await import('./verbs/create.js')).create,
  'create deployment': async () => (await import('./verbs/create.js')).create,
  'create serviceaccount': async () => (await import('./verbs/create.js')).create,
  'create job': async () => (await import('./verbs/create.js')).create,
  apply: async () => (await import('./verbs/apply.js')).apply,
  replace: async () => (await import('./verbs/replace.js')).replace,
  wait: async () => (await import('./verbs/wait.js')).wait,
  'set image': async () => (await import('./verbs/set-image.js')).setImage,
  patch: async () => (await import('./verbs/patch.js')).patch,
  cordon: async () => (await import('./verbs/cordon.js')).cordon,
  uncordon: async () => (await import('./verbs/cordon.js')).uncordon,
  'auth can-i': async () => (await import('./verbs/auth.js')).canI,
  'auth whoami': async () => (await import('./verbs/auth.js')).whoami,
  describe: async () => (await import('./verbs/describe.js')).describe,
  taint: async () => (await import('./verbs/taint.js')).taint,
  events: async () => (await import('./verbs/events.js')).events,
  drain: async () => (await import('./verbs/drain.js')).drain,
};

/** Verbs answered from the kubeconfig alone: no credentials, no request. */
const LOCAL_VERBS: Record<string, () => Promise<LocalVerb>> = {
  'config current-context': async () => (await import('./verbs/config.js')).currentContext,
  'config get-contexts': async () => (await import('./verbs/config.js')).getContexts,
  'config view': async () => (await import('./verbs/config-view.js')).configView,
  'config use-context': async () => (await import('./verbs/config-use-context.js')).useContext,
  'config set-context': async () => (await import('./verbs/config-set-context.js')).setContextVerb,
};

/** The verbs executeInvocation runs natively (the lead may list them in help or docs). */
export const SUPPORTED_VERBS: readonly string[] = [
  ...Object.keys(VERBS),
  ...Object.keys(LOCAL_VERBS),
];

/** The command word path the executor keys verbs by ("auth can-i", "get"). */
function commandWords(invocation: KubeInvocation): string {
  return [invocation.verb, invocation.subverb, invocation.subsubverb]
    .filter((w): w is string => Boolean(w))
    .join(' ');
}

/**
 * Whether executeInvocation runs this command itself. Anything else (exec, cp, edit, a
 * plugin, …) runs through the real kubectl, behind an ephemeral gateway.
 */
export function runsNatively(invocation: KubeInvocation): boolean {
  const words = commandWords(invocation);
  const key = LOCAL_VERBS[words] || VERBS[words] ? words : invocation.verb;
  if (!LOCAL_VERBS[words] && !VERBS[words] && !(key === 'cluster-info' && VERBS[key])) {
    return false;
  }
  // A flag the native verb does not handle yet: kubectl itself knows it.
  try {
    requireHandled(
      invocation,
      (HANDLED_FLAGS as Record<string, readonly string[] | undefined>)[key] ?? [],
    );
    return true;
  } catch {
    return false;
  }
}

export async function executeInvocation(
  invocation: KubeInvocation,
  context: ExecContext,
): Promise<ExecResult> {
  const output = new Output(context.stdout, context.stderr, context.signal, context.onOutput);
  const now = context.now ?? Date.now;
  let client: KubeClient | undefined;
  let exitCode: number;
  try {
    // Commands with subcommands are keyed by both words ("auth can-i").
    const words = commandWords(invocation);
    const key = VERBS[words] ? words : invocation.verb;
    const local = LOCAL_VERBS[words];
    if (local) {
      requireHandled(
        invocation,
        (HANDLED_FLAGS as Record<string, readonly string[] | undefined>)[words] ?? [],
      );
      exitCode = (await local())({ inv: invocation, env: context.env, output });
      return { exitCode, apiRequests: [], outputSha256: output.sha256() };
    }
    const load = VERBS[key];
    // cluster-info's subcommand (dump) is refused by the verb itself.
    if (!load || (key !== words && invocation.verb !== 'cluster-info')) {
      throw notSupported(words === '' ? 'kubectl without a command' : words);
    }
    // Refuse unimplemented flags before touching the kubeconfig or the network.
    requireHandled(
      invocation,
      (HANDLED_FLAGS as Record<string, readonly string[] | undefined>)[key] ?? [],
    );
    const runner = await load();
    const config = context.config ?? loadSelectedConfig(invocation, context.env);
    // clientcmd reads --request-timeout while building the client, before any request.
    const requestTimeoutNs = requestTimeoutOf(invocation);
    const level = flagInt(invocation, 'v') ?? 0;
    client = await createClient(config, {
      ...(requestTimeoutNs !== undefined ? { requestTimeoutNs } : {}),
      ...(level >= 6 ? { verbose: { level, write: (text: string) => output.err(text) } } : {}),
      requestId: context.requestId,
      agent: context.agent,
      version: context.version,
      ...(context.firstAuditIndex !== undefined
        ? { firstAuditIndex: context.firstAuditIndex }
        : {}),
      ...(context.requestLog !== undefined ? { requestLog: context.requestLog } : {}),
      ...(context.signal !== undefined ? { stop: context.signal } : {}),
    });
    const discovery = new DiscoverySource(client, context.cacheDir, now);
    exitCode = await runner({
      inv: invocation,
      client,
      discovery,
      config,
      output,
      now,
      stdin: context.stdin,
      ...(context.manifestIo !== undefined ? { manifestIo: context.manifestIo } : {}),
      signal: context.signal,
    });
  } catch (error) {
    if (!(error instanceof KubeError)) throw error;
    output.err(`${error.line}\n`);
    exitCode = error.exitCode;
  }
  return {
    exitCode,
    apiRequests: client ? [...client.requests] : [],
    outputSha256: output.sha256(),
  };
}
