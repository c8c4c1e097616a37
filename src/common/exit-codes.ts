/** Every exit status iddio uses, in one table (SPEC §2). */
export const EXIT = {
  ok: 0,
  /** The Kubernetes call failed, as kubectl reports it. */
  kubeFailed: 1,
  /** `audit correlate` found something the two logs do not explain (CI gates on it). */
  unexplained: 1,
  /** Unknown flag, bad argument, unparsable manifest. */
  usage: 2,
  /** Denied by policy (including T4 under the default policy, or a bad agent token). */
  denied: 3,
  /** An escalation was declined or timed out. */
  declined: 4,
  /** The audit log could not be written, or `audit verify` found tampering. */
  audit: 5,
  interrupted: 130,
  /**
   * The reader of standard output went away (`iddio kubectl get pods -w | head -1`): the status
   * a shell reports for kubectl, which SIGPIPE kills at its next write (128 + 13).
   */
  outputClosed: 141,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
