/**
 * Passthrough: a verb iddio does not run natively (exec, cp, port-forward, edit, run, top, …),
 * or any verb with `--via-kubectl`, runs the real kubectl — with the user's argv, stdin,
 * stdout, stderr and terminal — against an ephemeral gateway on loopback, so that what kubectl
 * sends is decided request by request on the wire, never trusted on its argv alone. The gateway
 * holds the command's decision as its grant: a request within it runs, anything more is refused
 * with a Forbidden error (and recorded), because the human was asked about the argv, not about
 * what a binary chose to send.
 *
 * kubectl gets a temporary 0600 kubeconfig (the gateway's URL and CA, a one-time token, the
 * user's context name and namespace), removed on every exit path: normal end, Ctrl-C, SIGTERM,
 * and the process's own exit.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { stringify } from 'yaml';
import type { AuditApiRequest, AuditEventInput } from '../audit/event.js';
import { UsageError } from '../common/errors.js';
import { EXIT } from '../common/exit-codes.js';
import { findRealKubectl } from '../kubectl/real-kubectl.js';
import type { Recorder } from '../recording/recorder.js';
import { recordCompleted } from './complete.js';
import { passthroughTls } from './passthrough-tls.js';
import type { IddioPaths } from '../cli/env.js';
import { shippedRulesDir } from '../classify/index.js';
import type { Grant } from '../gateway/commands.js';
import type { Gateway } from '../gateway/index.js';
import type { CommandStreams } from '../gateway/session-tap.js';
import type { IdentityKind } from '../identity/types.js';
import type { SelectedConfig } from '../kube/kubeconfig.js';

export interface PassthroughOptions {
  kubectl: string;
  argv: string[];
  env: Record<string, string | undefined>;
  paths: IddioPaths;
  config: SelectedConfig;
  requestId: string;
  agent: string;
  identity: IdentityKind;
  session?: string;
  grant: Omit<Grant, 'until'>;
  /** Audit-IDs `-1`…`-(n-1)` were used before kubectl started (the blast-radius count). */
  firstAuditIndex: number;
  stdout: Writable;
  stderr: Writable;
  /**
   * Where output is copied for the recording. Output to a terminal is passed through as it is
   * (kubectl owns the terminal: exec -it, edit) and not recorded; piped output is copied.
   */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface PassthroughResult {
  exitCode: number;
  apiRequests: AuditApiRequest[];
  /** What kubectl's upgraded connections left at the gateway (an exec session's recording). */
  streams?: CommandStreams;
}

/** Flags that pick a kubeconfig entry: the temporary kubeconfig has exactly one. */
const SELECTION_FLAGS = new Set(['--kubeconfig', '--context', '--cluster', '--user']);

/** The user's argv without kubeconfig selection (already applied to the upstream). */
export function kubectlArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = word.split('=')[0] ?? '';
    if (SELECTION_FLAGS.has(name)) {
      if (!word.includes('=')) i++; // `--context NAME`: the value goes too
      continue;
    }
    out.push(word);
  }
  return out;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export async function runPassthrough(options: PassthroughOptions): Promise<PassthroughResult> {
  const dir = mkdtempSync(join(tmpdir(), 'iddio-kubectl-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  let apiRequests: AuditApiRequest[] = [];
  let streams: CommandStreams | undefined;
  const token = randomBytes(32).toString('base64url');
  let gateway: Gateway | undefined;
  let forward: ((signal: NodeJS.Signals) => void) | undefined;
  let result;
  try {
    // Loaded only here: certificate generation, the gateway and execa are not on every
    // command's start-up.
    const { execa } = await import('execa');
    const { startGateway } = await import('../gateway/index.js');
    const tls = await passthroughTls(options.paths.cache);
    gateway = await startGateway({
      paths: options.paths,
      shippedRulesDir: shippedRulesDir(),
      upstream: options.config,
      tls,
      host: '127.0.0.1',
      port: 0,
      log: () => undefined,
      // One command for the whole run: it completes when the gateway stops.
      idleMs: 24 * 60 * 60_000,
      local: {
        token,
        agent: options.agent,
        identity: options.identity,
        requestId: options.requestId,
        ...(options.session !== undefined ? { session: options.session } : {}),
        grant: options.grant,
        firstAuditIndex: options.firstAuditIndex,
        onComplete: (requests, left) => {
          apiRequests = [...apiRequests, ...requests];
          streams = left ?? streams;
        },
      },
    });
    const kubeconfig = join(dir, 'kubeconfig');
    const context = options.config.contextName || 'iddio';
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'iddio',
            cluster: {
              server: gateway.url,
              'certificate-authority-data': Buffer.from(tls.caCert).toString('base64'),
            },
          },
        ],
        users: [{ name: 'iddio', user: { token } }],
        contexts: [
          {
            name: context,
            context: { cluster: 'iddio', user: 'iddio', namespace: options.config.namespace },
          },
        ],
        'current-context': context,
      }),
      { mode: 0o600 },
    );

    const tee = options.onOutput !== undefined && !process.stdout.isTTY;
    const child = execa(options.kubectl, kubectlArgv(options.argv), {
      stdin: 'inherit',
      stdout: tee ? 'pipe' : 'inherit',
      stderr: tee ? 'pipe' : 'inherit',
      buffer: false,
      reject: false,
      env: { ...options.env, KUBECONFIG: kubeconfig },
      extendEnv: false,
    });
    if (tee) {
      for (const stream of ['stdout', 'stderr'] as const) {
        child[stream]?.on('data', (chunk: Buffer) => {
          options.onOutput?.(stream, chunk.toString('utf8'));
          options[stream].write(chunk);
        });
      }
    }
    // The terminal sends Ctrl-C to kubectl too; a signal sent to iddio alone is passed on.
    forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    for (const signal of SIGNALS) process.on(signal, forward);
    result = await child;
  } finally {
    if (forward) for (const signal of SIGNALS) process.removeListener(signal, forward);
    // Stopping completes the command, which hands its requests to onComplete.
    await gateway?.stop();
    removeDir();
    process.removeListener('exit', removeDir);
  }
  const signalled = result.signal ? 128 + (SIGNAL_NUMBERS[result.signal] ?? 0) : undefined;
  return {
    exitCode: result.exitCode ?? signalled ?? 1,
    apiRequests,
    ...(streams !== undefined ? { streams } : {}),
  };
}

/**
 * The pipeline's execute step for a passthrough command: find the real kubectl (never iddio
 * itself), run it behind the ephemeral gateway, and write the command's `completed` event with
 * kubectl's exit code and every request it sent.
 */
export async function passthroughAndRecord(options: {
  run: Omit<PassthroughOptions, 'kubectl'>;
  verb: string;
  preflight: AuditApiRequest[];
  completed: AuditEventInput;
  started: number;
  record: (input: AuditEventInput) => Promise<unknown>;
  recorder: Recorder;
}): Promise<number> {
  const { run } = options;
  let kubectl: string | undefined;
  let failure: string | undefined;
  try {
    kubectl = findRealKubectl(run.env);
  } catch (error) {
    failure = (error as Error).message;
  }
  if (kubectl === undefined) {
    const message =
      failure ??
      `${options.verb} runs through the real kubectl, and none was found on PATH: install kubectl (v1.30 or newer) or set IDDIO_KUBECTL to its path`;
    await options.record({
      ...options.completed,
      exit_code: EXIT.usage,
      duration_ms: Date.now() - options.started,
      api_requests: options.preflight,
      reason: message,
    });
    throw new UsageError(message, { code: 'no-kubectl' });
  }
  const result = await runPassthrough({
    ...run,
    kubectl,
    onOutput: options.recorder.capture.write,
  });
  // An exec or attach session recorded at the gateway is the command's recording (it holds
  // what was typed, as well as what kubectl printed); otherwise kubectl's piped output is.
  const notes = result.streams?.notes ?? [];
  await recordCompleted(
    {
      ...options.completed,
      exit_code: result.exitCode,
      duration_ms: Date.now() - options.started,
      api_requests: [...options.preflight, ...result.apiRequests],
      ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
    },
    result.streams?.recorder ?? options.recorder,
    options.record,
  );
  return result.exitCode;
}
