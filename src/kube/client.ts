/**
 * The HTTP edge: one KubeClient per command. Credentials (bearer tokens, client certificates,
 * exec plugins, auth providers) are turned into request options only by client-node's
 * KubeConfig.applyToHTTPSOptions; this module adds iddio's three correlation headers to
 * every request (SPEC §7) and records each request for the audit `completed` event.
 *
 * Raw requests rather than the generated API classes: kubectl's output depends on exact
 * Accept headers (server-side Table) and raw bodies, and per-call options on
 * KubernetesObjectApi drop custom headers (CONVENTIONS.md).
 */
import http from 'node:http';
import https from 'node:https';
import { auditIdFor } from '../audit/request-id.js';
import { stripControlLine } from '../common/sanitize.js';
import { EXIT } from '../common/exit-codes.js';
import { armDeadlines, DeadlineError, type Deadlines } from './deadlines.js';
import { KubeError, apiError } from './errors.js';
import { goDuration } from './request-timeout.js';
import type { ApiRequest } from './types.js';
import { RequestLogger, type RequestLog } from './verbose.js';

export interface Identity {
  requestId: string;
  agent: string;
  version: string;
  /**
   * The n of this client's first Audit-ID (default 1). A command that already made requests
   * with its request ID (the blast-radius count before approval) continues the sequence, so
   * every Audit-ID of a command stays unique.
   */
  firstAuditIndex?: number;
  /** Where each request is recorded as it starts, so a stopped command's log is complete. */
  requestLog?: ApiRequest[];
  /** Once aborted (Ctrl-C, output closed), no new request starts. */
  stop?: AbortSignal;
  /**
   * --request-timeout in nanoseconds: each request's limit and its `timeout` query, as
   * client-go sends them. Streams (get -w, logs -f) keep their own (get-watch.ts).
   */
  requestTimeoutNs?: number;
  /** Connect and TLS-handshake limits; kubectl's transport defaults unless a test shortens them. */
  deadlines?: Omit<Deadlines, 'requestMs'>;
  /** -v / --v: kubectl's request lines on stderr. */
  verbose?: RequestLog;
}

export interface KubeRequest {
  method?: string;
  /** Absolute API path, e.g. /api/v1/namespaces/default/pods. */
  path: string;
  query?: Record<string, string | undefined>;
  accept?: string;
  body?: Buffer | string;
  contentType?: string;
  /** This request's limit when --request-timeout is not given (discovery's 32 s). */
  defaultTimeoutNs?: number;
}

export interface KubeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function userAgent(identity: Identity): string {
  // Header values must not carry CR/LF or other controls; the agent name comes from the environment.
  const agent = stripControlLine(identity.agent).replace(/[;()]/g, '_');
  return `iddio/${identity.version} (agent=${agent}; request_id=${identity.requestId})`;
}

export function buildQuery(query: Record<string, string | undefined> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export class KubeClient {
  readonly requests: ApiRequest[];
  readonly server: URL;

  private readonly logger: RequestLogger | undefined;

  constructor(
    server: string,
    private readonly tls: https.RequestOptions,
    private readonly identity: Identity,
  ) {
    this.server = new URL(server);
    this.requests = identity.requestLog ?? [];
    this.logger =
      identity.verbose && identity.verbose.level >= 6
        ? new RequestLogger(identity.verbose)
        : undefined;
  }

  /**
   * A stopped command starts nothing new: what it sent before the stop is on record (requests
   * still in flight with status 0), and nothing reaches the cluster after its `completed` event.
   */
  private refuseWhenStopped(): void {
    if (this.identity.stop?.aborted) {
      throw new KubeError('iddio: stopped before the next request', {
        code: 'stopped',
        exitCode: EXIT.interrupted,
      });
    }
  }

  /**
   * The request path under the server's own prefix. Characters a URL path cannot hold (a
   * space in a `--raw` path, say) are percent-encoded as kubectl's client does, instead of
   * making Node throw.
   */
  private pathOf(request: KubeRequest): string {
    const prefix = this.server.pathname.replace(/\/+$/, '');
    const escaped = request.path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) =>
      encodeURIComponent(c),
    );
    // client-go sends --request-timeout to the server too, on every request.
    const timeoutNs = this.timeoutOf(request);
    const query =
      timeoutNs !== undefined && timeoutNs > 0 && request.query?.timeout === undefined
        ? { ...request.query, timeout: goDuration(timeoutNs) }
        : request.query;
    return `${prefix}${escaped}${buildQuery(query)}`;
  }

  /** --request-timeout, else the request's own default; in ns. */
  private timeoutOf(request: KubeRequest): number | undefined {
    const given = this.identity.requestTimeoutNs;
    return given !== undefined && given > 0 ? given : request.defaultTimeoutNs;
  }

  private nextAuditId(): string {
    return auditIdFor(
      this.identity.requestId,
      (this.identity.firstAuditIndex ?? 1) + this.requests.length,
    );
  }

  /** Puts the request on record (before it is sent) and builds its options. */
  private start(request: KubeRequest): {
    record: ApiRequest;
    options: https.RequestOptions;
    secure: boolean;
    url: string;
    timeoutNs: number | undefined;
  } {
    this.refuseWhenStopped();
    const id = this.nextAuditId();
    const method = request.method ?? 'GET';
    const path = this.pathOf(request);
    const record: ApiRequest = { method, path, status: 0, audit_id: id };
    this.requests.push(record);
    const secure = this.server.protocol === 'https:';
    const options: https.RequestOptions = {
      ...this.tls,
      protocol: this.server.protocol,
      hostname: this.server.hostname.replace(/^\[|\]$/g, ''),
      port: this.server.port || (secure ? 443 : 80),
      method,
      path,
      headers: this.headers(id, request),
    };
    const url = `${this.server.origin}${path}`;
    this.logger?.request(method, url, options.headers as http.OutgoingHttpHeaders);
    return { record, options, secure, url, timeoutNs: this.timeoutOf(request) };
  }

  /** The connect, TLS-handshake and (unless streaming) --request-timeout limits, and -v. */
  private watch(
    req: http.ClientRequest,
    sent: { record: ApiRequest; url: string; secure: boolean; timeoutNs: number | undefined },
    whole: boolean,
  ): void {
    const { record, url, secure, timeoutNs } = sent;
    armDeadlines(req, {
      secure,
      address: `${this.server.hostname}:${this.server.port || (secure ? 443 : 80)}`,
      deadlines: {
        ...this.identity.deadlines,
        ...(whole && timeoutNs !== undefined ? { requestMs: timeoutNs / 1e6 } : {}),
      },
    });
    this.logger?.track(req, record, url);
  }

  /** Sends one request and buffers the response. Non-2xx is returned, not thrown; see `call`. */
  send(request: KubeRequest): Promise<KubeResponse> {
    const started = this.start(request);
    const { record, options, secure } = started;
    return new Promise((resolvePromise, reject) => {
      const onResponse = (response: http.IncomingMessage): void => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(this.connectionError(error)));
        response.on('end', () => {
          record.status = response.statusCode ?? 0;
          resolvePromise({
            status: record.status,
            headers: response.headers,
            body: Buffer.concat(chunks),
          });
        });
      };
      const req = secure ? https.request(options, onResponse) : http.request(options, onResponse);
      this.watch(req, started, true);
      req.on('error', (error) => reject(this.connectionError(error)));
      if (request.body !== undefined) req.write(request.body);
      req.end();
    });
  }

  /**
   * Sends one request and hands the body to `onData` as it arrives (logs -f). Resolves with the
   * response when it ends — or when `signal` aborts, which is how a follow stops.
   * A non-2xx response is buffered and returned whole instead.
   */
  stream(
    request: KubeRequest,
    onData: (chunk: Buffer) => void,
    signal?: AbortSignal,
  ): Promise<KubeResponse & { aborted: boolean }> {
    const started = this.start(request);
    const { record, options, secure } = started;
    return new Promise((resolvePromise, reject) => {
      let response: http.IncomingMessage | undefined;
      const chunks: Buffer[] = [];
      const finish = (aborted: boolean): void =>
        resolvePromise({
          status: record.status,
          headers: response?.headers ?? {},
          body: Buffer.concat(chunks),
          aborted,
        });
      const req = (secure ? https : http).request(options, (res) => {
        response = res;
        record.status = res.statusCode ?? 0;
        const ok = record.status >= 200 && record.status <= 299;
        res.on('data', (chunk: Buffer) => (ok ? onData(chunk) : chunks.push(chunk)));
        res.on('end', () => finish(false));
        res.on('error', () => finish(signal?.aborted ?? false));
      });
      this.watch(req, started, false);
      req.on('error', (error) => {
        if (signal?.aborted) finish(true);
        else reject(this.connectionError(error));
      });
      if (signal) {
        if (signal.aborted) req.destroy();
        else signal.addEventListener('abort', () => req.destroy(), { once: true });
      }
      req.end();
    });
  }

  /** Sends and throws kubectl's error line for a non-2xx response. */
  async call(request: KubeRequest): Promise<KubeResponse> {
    const response = await this.send(request);
    if (response.status < 200 || response.status > 299)
      throw apiError(response.status, response.body);
    return response;
  }

  async json<T = unknown>(request: KubeRequest): Promise<T> {
    const response = await this.call(request);
    try {
      return JSON.parse(response.body.toString('utf8')) as T;
    } catch (cause) {
      throw new KubeError('error: the server returned a response that is not JSON', {
        code: 'api-status',
        cause,
      });
    }
  }

  /** The credential's headers plus iddio's three correlation headers (SPEC §7). */
  private headers(id: string, request: KubeRequest): http.OutgoingHttpHeaders {
    const headers: http.OutgoingHttpHeaders = {
      ...((this.tls.headers as http.OutgoingHttpHeaders | undefined) ?? {}),
      Accept: request.accept ?? 'application/json',
      'User-Agent': userAgent(this.identity),
      'X-Request-ID': this.identity.requestId,
      'Audit-ID': id,
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(request.body);
    }
    return headers;
  }

  private connectionError(error: Error): KubeError {
    if (error instanceof DeadlineError) {
      return new KubeError(`Unable to connect to the server: ${error.message}`, {
        code: 'connection',
        cause: error,
      });
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') {
      return new KubeError(
        `The connection to the server ${this.server.host} was refused - did you specify the right host or port?`,
        { code: 'connection', cause: error },
      );
    }
    return new KubeError(`Unable to connect to the server: ${stripControlLine(error.message)}`, {
      code: 'connection',
      cause: error,
    });
  }
}
