/**
 * The types the executor works with.
 */
import type { Writable } from 'node:stream';
import type { Invocation, KubectlIo, Target } from '../kubectl/invocation.js';
import type { SelectedConfig } from './kubeconfig.js';

/**
 * The fields of the parser's Invocation that execution reads. The lead passes the whole
 * Invocation; tests may pass a literal with just these.
 */
export type KubeInvocation = Pick<
  Invocation,
  | 'verb'
  | 'subverb'
  | 'subsubverb'
  | 'args'
  | 'targets'
  | 'namespace'
  | 'allNamespaces'
  | 'selector'
  | 'fieldSelector'
  | 'output'
  | 'flags'
  | 'flagsSet'
  | 'kubeconfig'
  | 'context'
  | 'cluster'
  | 'user'
> &
  Partial<Pick<Invocation, 'all' | 'filenames' | 'raw' | 'command' | 'dryRun'>>;

export type KubeTarget = Target;

export interface ExecContext {
  /** idd_<ULID>, one per command (SPEC §7). */
  requestId: string;
  /** The identified agent's name, for the User-Agent header. */
  agent: string;
  /** iddio's version, for the User-Agent header. */
  version: string;
  stdout: Writable;
  stderr: Writable;
  stdin?: Buffer;
  /** Discovery cache root; iddio passes $IDDIO_HOME/cache. */
  cacheDir: string;
  /**
   * Where -f/-k manifests are read from. The pipeline passes the replay of what the parser
   * read, so the executor sends exactly what was classified and never reads the disk again.
   */
  manifestIo?: KubectlIo;
  /**
   * The kubeconfig selection the command was decided on. When given, the executor uses it
   * and never reads the kubeconfig again (a second read could see a different file).
   */
  config?: SelectedConfig;
  /** The environment (KUBECONFIG, HOME); passed in so src/kube/ never reads process.env. */
  env: Record<string, string | undefined>;
  /**
   * Aborting stops a streaming command (logs -f, get -w), which then exits 130 like an
   * interrupted kubectl, and stops any command from starting another request.
   */
  signal?: AbortSignal;
  /** The n of the first Audit-ID this execution uses (default 1): requests made earlier
   * under the same request ID, such as the blast-radius count, keep theirs. */
  firstAuditIndex?: number;
  /**
   * Every request is appended here as it starts (the same records as ExecResult.apiRequests),
   * so a command stopped before it returns still has its requests on record.
   */
  requestLog?: ApiRequest[];
  /** Clock for tests; defaults to Date.now. */
  now?: () => number;
  /** Called with every chunk as it is printed (the session recording's capture). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** One HTTP request the command made, for the audit `completed` event (SPEC §8). */
export interface ApiRequest {
  method: string;
  /** Path and query string, as the API server's audit log records requestURI. */
  path: string;
  /** HTTP status, or 0 when no response arrived (connection refused, TLS failure). */
  status: number;
  audit_id: string;
}

export interface ExecResult {
  exitCode: number;
  apiRequests: ApiRequest[];
  /** Lowercase hex SHA-256 of everything written to stdout. */
  outputSha256: string;
}
