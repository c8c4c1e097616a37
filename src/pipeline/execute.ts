/**
 * The execute stage. Whatever happens once a command is allowed, a `completed` event follows
 * its `decided` one: a normal exit records kubectl's exit code; an executor failure records
 * exit 1 and why; Ctrl-C (or SIGTERM/SIGHUP) records exit 130 and stops waiting for the call;
 * a reader of standard output that goes away (EPIPE) stops a stream (get -w, logs -f) that would
 * otherwise run forever, and records 141, the status kubectl ends with there.
 */
import { listenForInterrupt } from '../approval/interrupt.js';
import type { AuditApiRequest, AuditEventInput } from '../audit/event.js';
import { EXIT } from '../common/exit-codes.js';
import type { ExecContext, KubeInvocation } from '../kube/index.js';
import type { Recorder } from '../recording/recorder.js';
import { recordCompleted } from './complete.js';

type Executor = typeof import('../kube/index.js');

interface Completion {
  exitCode: number;
  apiRequests: AuditApiRequest[];
  outputSha256?: string;
  reason?: string;
}

export async function executeAndRecord(options: {
  executor: Promise<Executor>;
  invocation: KubeInvocation;
  context: Omit<ExecContext, 'signal'>;
  /** Requests already made under this request ID (the blast-radius count). */
  preflight: AuditApiRequest[];
  /** The `completed` event's request-level fields. */
  completed: AuditEventInput;
  started: number;
  record: (input: AuditEventInput) => Promise<unknown>;
  /** Captures what the command prints; stored at completion (src/recording/). */
  recorder?: Recorder;
}): Promise<number> {
  const interrupt = listenForInterrupt();
  const outputClosed = new AbortController();
  const onOutputError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') outputClosed.abort('EPIPE');
  };
  options.context.stdout.on('error', onOutputError);
  const stop = AbortSignal.any([interrupt.signal, outputClosed.signal]);
  // Requests are on record as they start: a command stopped mid-way lists what it sent.
  const requestLog: AuditApiRequest[] = [];
  let completion: Completion;
  let failure: unknown;
  try {
    const { executeInvocation } = await options.executor;
    const running = executeInvocation(options.invocation, {
      ...options.context,
      signal: stop,
      requestLog,
      ...(options.recorder ? { onOutput: options.recorder.capture.write } : {}),
    });
    const stopped = new Promise<'stopped'>((resolve) => {
      if (stop.aborted) resolve('stopped');
      stop.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    const first = await Promise.race([running, stopped]);
    if (first === 'stopped') {
      running.catch(() => undefined);
      const apiRequests = requestLog.map((request) => ({ ...request }));
      completion = interrupt.signal.aborted
        ? { exitCode: EXIT.interrupted, apiRequests, reason: 'interrupted' }
        : { exitCode: EXIT.outputClosed, apiRequests, reason: 'standard output closed' };
    } else {
      completion = first;
    }
  } catch (error) {
    failure = error;
    const message = error instanceof Error ? error.message : String(error);
    completion = {
      exitCode: EXIT.kubeFailed,
      apiRequests: requestLog.map((request) => ({ ...request })),
      reason: `internal error: ${message}`,
    };
  } finally {
    interrupt.dispose();
    options.context.stdout.removeListener('error', onOutputError);
  }
  await recordCompleted(
    {
      ...options.completed,
      exit_code: completion.exitCode,
      duration_ms: Date.now() - options.started,
      api_requests: [...options.preflight, ...completion.apiRequests],
      ...(completion.outputSha256 !== undefined ? { output_sha256: completion.outputSha256 } : {}),
      ...(completion.reason !== undefined ? { reason: completion.reason } : {}),
    },
    options.recorder,
    options.record,
  );
  if (failure !== undefined) throw failure;
  return completion.exitCode;
}
