/**
 * `iddio kubectl`: the pipeline, stage by stage (SPEC §1):
 *
 *   identify → parse → classify → decide → approve → record `decided` → execute → record `completed`
 *
 * Every refusal is recorded before it is reported, and nothing reaches the cluster unless
 * the `decided` event that allows it is on disk ("no audit, no access"): an audit write
 * that fails throws an exit-5 IddioError, and execution is never reached.
 */
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import {
  measureBlastRadius,
  wantsBlastRadius,
  type BlastResult,
} from '../approval/blast-radius.js';
import { listenForInterrupt } from '../approval/interrupt.js';
import type { ApprovalChannel, ApprovalOutcome } from '../approval/types.js';
import { appendAuditEvent } from '../audit/writer.js';
import type { AuditEventInput } from '../audit/event.js';
import { newRequestId } from '../audit/request-id.js';
import { classify, loadRules } from '../classify/index.js';
import { tierLabel, type Classification } from '../classify/types.js';
import type { IddioPaths } from '../cli/env.js';
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { resolveIdentity } from '../identity/resolve.js';
import { resolveSession } from '../identity/session-store.js';
import { readRegistry } from '../identity/store.js';
import type { ResolvedIdentity } from '../identity/types.js';
import { parseKubectlArgv } from '../kubectl/parse.js';
import { redactUrlCredentials } from '../kubectl/redact.js';
import { refuseUnknownCommand } from '../kubectl/plugins.js';
import { nodeIo } from '../kubectl/node-io.js';
import { snapshotIo } from '../kubectl/snapshot-io.js';
import type { Invocation } from '../kubectl/invocation.js';
import { builtinPolicy } from '../policy/default.js';
import { decide } from '../policy/engine.js';
import { readPolicy } from '../policy/load.js';
import { decisionRequestFrom } from '../policy/request.js';
import type { Policy } from '../policy/types.js';
import { denialLine } from './denial.js';
import { baseEvent, type RequestFacts } from './events.js';
import { commandRecorder } from './complete.js';
import { executeAndRecord } from './execute.js';
import { refuseKubeconfigWritesInto } from './kubeconfig-guard.js';
import { kubeTarget, type KubeTarget } from './target.js';
import { gatewayAgent, runOnGateway } from './through-gateway.js';
import { passthroughAndRecord } from './passthrough.js';
import { loadSelectedConfig } from '../kube/kubeconfig.js';

export interface KubectlRun {
  /** kubectl's argv, verbatim (without `iddio kubectl`). */
  argv: string[];
  env: Record<string, string | undefined>;
  paths: IddioPaths;
  shippedRulesDir: string;
  stdout: Writable;
  stderr: Writable;
  /** The whole of stdin; read at most once, and only when a manifest is `-`. */
  readStdin: () => string;
  approver: ApprovalChannel;
  /** The caller's parent process, for deriving a session when IDDIO_SESSION is unset. */
  ppid: number;
  version: string;
}

export async function runKubectl(given: KubectlRun): Promise<number> {
  // `--via-kubectl` is iddio's, not kubectl's: it sends a native verb through the real kubectl.
  const { argv, viaKubectl } = viaKubectlFlag(given.argv);
  const run: KubectlRun = { ...given, argv };
  const started = Date.now();
  const facts: RequestFacts = {
    requestId: newRequestId(started),
    argv: run.argv,
    osUser: osUser(),
    host: hostname(),
  };
  const record = (input: AuditEventInput) => appendAuditEvent(run.paths.auditLog, input);
  // What is known so far, for the event that records a refusal at any stage.
  const known: { invocation?: Invocation; classification?: Classification } = {};

  // A refusal is on record before it is reported; then its one line goes to the user.
  const refused = async (error: IddioError): Promise<never> => {
    await record({
      ...baseEvent('decided', facts, known.invocation, known.classification),
      decision: 'deny',
      // Errors can quote argv words (a kubeconfig path, a server URL): no credentials in the log.
      reason: redactUrlCredentials(error.message),
    });
    throw error;
  };
  const attempt = <T>(stage: () => T): Promise<T> => {
    try {
      return Promise.resolve(stage());
    } catch (error) {
      // A bug in a stage refuses too, and is recorded like any other refusal.
      return refused(
        error instanceof IddioError
          ? error
          : new IddioError(
              `internal error: ${error instanceof Error ? error.message : String(error)}`,
              {
                code: 'internal',
                exitCode: EXIT.kubeFailed,
                cause: error,
              },
            ),
      );
    }
  };

  const identity: ResolvedIdentity = await attempt(() =>
    resolveIdentity(run.env, readRegistry(run.paths.agents)),
  );
  facts.agent = identity.agent;
  facts.identity = identity.identity;
  facts.session = resolveSession({
    explicit: run.env.IDDIO_SESSION,
    agent: identity.agent,
    ppid: run.ppid,
    statePath: join(run.paths.cache, 'sessions.json'),
  });

  // Manifests and stdin are read once, here; the executor gets a replay of exactly those bytes.
  let stdinText: string | undefined;
  const manifests = snapshotIo(nodeIo(() => (stdinText = run.readStdin())));
  const parsed = await attempt(() => parseKubectlArgv(run.argv, manifests.io));
  known.invocation = parsed;
  // A word that is neither a command nor a plugin on PATH: kubectl's own refusal, on record.
  await attempt(() => refuseUnknownCommand(parsed, run.env.PATH));
  await attempt(() => refuseKubeconfigWritesInto(run.paths.home, parsed, run.env));
  const target = await attempt(() => kubeTarget(parsed, run.env));
  const gatewayAgentName = gatewayAgent(target.config, run.env);
  if (gatewayAgentName !== undefined) {
    const manifestIo = manifests.replay();
    return runOnGateway({
      run,
      agent: gatewayAgentName,
      invocation: parsed,
      target,
      manifestIo,
      stdinText,
    });
  }
  facts.context = target.context;
  facts.cluster = target.cluster;
  facts.namespace = target.namespace;

  const classified = await attempt(() => {
    const rules = loadRules({ shippedDir: run.shippedRulesDir, userDir: run.paths.rulesDir });
    return classify(parsed, rules, { defaultNamespace: target.namespace });
  });
  known.classification = classified;
  const policy: Policy = await attempt(() =>
    existsSync(run.paths.policy) ? readPolicy(run.paths.policy) : builtinPolicy(),
  );
  const request = await attempt(() =>
    decisionRequestFrom(parsed, classified, identity, target.namespace),
  );
  const result = await attempt(() => decide(request, policy));
  // A command that may run starts loading the Kubernetes client now, so the import overlaps
  // the audit write and any wait for a human; a denied command never loads it.
  const kube = result.decision === 'deny' ? undefined : loadExecutor();
  // A runbook may have lowered T2 to T1: the log records the tier the decision was made at.
  const classification = { ...classified, tier: result.tier, tier_label: tierLabel(result.tier) };

  // The audit schema has no policy_rule field: the reason names it, so the log says which
  // line of the policy decided.
  const reason = `${result.reason} (policy ${result.policy_rule})`;
  const outcome =
    result.decision === 'escalate'
      ? await escalate(run, facts, target, parsed, classification, reason, policy, record)
      : undefined;
  await record({
    ...baseEvent('decided', facts, parsed, classification),
    decision: result.decision,
    reason: outcome ? `${reason}; ${outcome.reason}` : reason,
    ...(outcome ? approvalFields(outcome) : {}),
  });

  const where = `T${classification.tier} ${classification.tier_label}, rule ${classification.rule}, request ${facts.requestId}`;
  if (result.decision === 'deny') {
    const line = denialLine({
      argv: run.argv,
      tier: classification.tier,
      tierLabel: classification.tier_label,
      rule: classification.rule,
      policyRule: result.policy_rule,
      reason: result.reason,
      requestId: facts.requestId,
      agent: identity.agent,
      policyPath: run.paths.policy,
      policyFile: policy.source !== 'built-in',
    });
    throw new IddioError(line, { code: 'denied', exitCode: EXIT.denied });
  }
  if (outcome && !outcome.approved) {
    throw new IddioError(`not approved: ${outcome.reason} (${where})`, {
      code: 'declined',
      exitCode: EXIT.declined,
    });
  }

  // Requests already made under this request ID (the blast-radius count) keep their Audit-IDs.
  const preflight = outcome?.preflightRequests ?? [];
  const completed = baseEvent('completed', facts, parsed, classification);
  const recorder = commandRecorder(run.paths.sessions, policy, parsed, completed, started);
  const executor = kube ?? loadExecutor();
  if (viaKubectl || !(await executor).runsNatively(parsed)) {
    // Not run natively: the real kubectl, held on the wire to what was just decided.
    return passthroughAndRecord({
      run: {
        argv: run.argv,
        env: run.env,
        paths: run.paths,
        config: target.config ?? (await attempt(() => loadSelectedConfig(parsed, run.env))),
        requestId: facts.requestId,
        agent: identity.agent,
        identity: identity.identity,
        ...(facts.session !== undefined ? { session: facts.session } : {}),
        grant: {
          tier: result.tier,
          namespaces: new Set(request.namespaces),
          clusterScoped: request.clusterScoped,
        },
        firstAuditIndex: preflight.length + 1,
        stdout: run.stdout,
        stderr: run.stderr,
      },
      verb: [parsed.verb, parsed.subverb].filter(Boolean).join(' '),
      preflight,
      completed,
      started,
      record,
      recorder,
    });
  }
  return executeAndRecord({
    executor,
    invocation: parsed,
    context: {
      requestId: facts.requestId,
      agent: identity.agent,
      version: run.version,
      stdout: run.stdout,
      stderr: run.stderr,
      ...(stdinText !== undefined ? { stdin: Buffer.from(stdinText) } : {}),
      cacheDir: run.paths.cache,
      env: run.env,
      config: target.config,
      manifestIo: manifests.replay(),
      firstAuditIndex: preflight.length + 1,
    },
    preflight,
    completed,
    started,
    record,
    recorder,
  });
}

/** Takes iddio's own `--via-kubectl` out of kubectl's argv (before any `--`). */
function viaKubectlFlag(argv: string[]): { argv: string[]; viaKubectl: boolean } {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  if (!head.includes('--via-kubectl')) return { argv, viaKubectl: false };
  const rest = end === -1 ? [] : argv.slice(end);
  return { argv: [...head.filter((a) => a !== '--via-kubectl'), ...rest], viaKubectl: true };
}

/**
 * Puts the request on record as escalated, counts its blast radius (deletes and scales: a
 * T0 read with the command's request ID), then asks the human channel the policy names.
 * Timeouts and Ctrl-C are the channel's "no"; a channel that throws is a "no" too.
 */
async function escalate(
  run: KubectlRun,
  facts: RequestFacts,
  target: KubeTarget,
  invocation: Invocation,
  classification: Classification,
  reason: string,
  policy: Policy,
  record: (input: AuditEventInput) => Promise<unknown>,
): Promise<ApprovalOutcome> {
  await record({
    ...baseEvent('escalated', facts, invocation, classification),
    decision: 'escalate',
    reason,
  });
  const asked = Date.now();
  // Ctrl-C while the blast radius is counted is a "no" too, and on record like any other.
  const interrupt = listenForInterrupt();
  let blast: BlastResult | undefined;
  try {
    if (wantsBlastRadius(invocation)) {
      blast = await measureBlastRadius(invocation, {
        requestId: facts.requestId,
        agent: facts.agent ?? 'unknown',
        version: run.version,
        env: run.env,
        cacheDir: run.paths.cache,
        config: target.config,
        signal: interrupt.signal,
      });
    }
  } finally {
    interrupt.dispose();
  }
  const preflight =
    blast && blast.apiRequests.length > 0 ? { preflightRequests: blast.apiRequests } : {};
  if (interrupt.signal.aborted) {
    return {
      ...preflight,
      approved: false,
      outcome: 'interrupted',
      approvedBy: 'interrupted',
      channel: 'none',
      latencyMs: Date.now() - asked,
      reason: 'interrupted (Ctrl-C) before the human was asked',
    };
  }
  try {
    const outcome = await run.approver.ask({
      requestId: facts.requestId,
      agent: facts.agent ?? 'unknown',
      identity: facts.identity ?? 'none',
      argv: run.argv,
      ...(target.context !== undefined ? { context: target.context } : {}),
      ...(target.server !== undefined ? { server: target.server } : {}),
      ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
      tier: classification.tier,
      tierLabel: classification.tier_label,
      rule: classification.rule,
      timeoutMs: policy.approval.timeout_ms,
      channel: policy.approval.channel,
      requireSignature: policy.approval.require_signature,
      reason,
      ...(blast?.radius !== undefined ? { blastRadius: blast.radius } : {}),
    });
    return { ...outcome, ...preflight };
  } catch (error) {
    return {
      ...preflight,
      approved: false,
      outcome: 'error',
      approvedBy: 'error',
      channel: 'none',
      latencyMs: Date.now() - asked,
      reason: `asking for approval failed, so the escalation is declined: ${(error as Error).message}`,
    };
  }
}

/** `approved_by` is written only when a human approved, so the log never implies consent. */
export function approvalFields(outcome: ApprovalOutcome): Partial<AuditEventInput> {
  return {
    ...(outcome.approved ? { approved_by: outcome.approvedBy } : {}),
    approval_channel: outcome.channel,
    approval_latency_ms: outcome.latencyMs,
    outcome: outcome.outcome,
  };
}

/** Imports the executor and starts loading client-node; a failure surfaces when awaited. */
function loadExecutor(): Promise<typeof import('../kube/index.js')> {
  const loading = import('../kube/index.js').then((kube) => {
    void kube.preloadClient().catch(() => undefined);
    return kube;
  });
  // Declined commands never await it: keep a failed import from becoming an unhandled rejection.
  loading.catch(() => undefined);
  return loading;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}
