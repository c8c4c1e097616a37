/**
 * Forwarding: the only new I/O of the gateway. The request goes upstream with the gateway's
 * own credentials (from KubeConfig) and the correlation headers, and with nothing of the
 * client's that could change who the upstream sees; the response streams back as it arrives
 * (watch, logs -f), with back-pressure both ways.
 */
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { KubeCredentials } from '../kube/connect.js';
import { status, type GatewayStatus } from './status.js';

/** Headers that belong to one hop, or that would let a client choose the upstream identity. */
const DROPPED = new Set([
  'authorization',
  'proxy-authorization',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'x-request-id',
  'audit-id',
  'user-agent',
]);

export function isIdentityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('impersonate-') || lower === 'authorization';
}

export function upstreamHeaders(
  incoming: IncomingHttpHeaders,
  correlation: OutgoingHttpHeaders,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    const lower = name.toLowerCase();
    if (value === undefined || DROPPED.has(lower) || lower.startsWith('impersonate-')) continue;
    out[lower] = value;
  }
  return { ...out, ...correlation };
}

const RESPONSE_DROPPED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-authenticate',
  'trailer',
  'upgrade',
]);

function responseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !RESPONSE_DROPPED.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

export interface Upstream {
  url: URL;
  credentials: KubeCredentials;
  /** How long to wait for the upstream's response headers. */
  responseTimeoutMs: number;
}

/** What happened upstream: the status sent to the client, or the gateway's own answer. */
export type Forwarded = { status: number } | { failed: GatewayStatus };

/**
 * The upstream request for a client's request: the gateway's credential (fresh from
 * KubeConfig: an exec plugin's token may have been renewed), the client's headers without any
 * that would change who the upstream sees, the correlation headers, and the path in origin
 * form. A credential that fails is the gateway's own 503.
 */
export async function upstreamRequest(
  upstream: Upstream,
  req: IncomingMessage,
  correlation: OutgoingHttpHeaders,
  extra: OutgoingHttpHeaders,
): Promise<{ options: https.RequestOptions; secure: boolean } | { failed: GatewayStatus }> {
  let tls;
  try {
    tls = await upstream.credentials.apply();
  } catch (error) {
    return {
      failed: status(
        'ServiceUnavailable',
        `iddio: upstream credentials failed: ${(error as Error).message}`,
      ),
    };
  }
  // KubeConfig put the upstream's own Authorization (a token, an exec plugin's token) in headers.
  const headers = {
    ...upstreamHeaders(req.headers, correlation),
    ...extra,
    ...(tls.headers ?? {}),
  };
  const secure = upstream.url.protocol === 'https:';
  return {
    secure,
    options: {
      ...tls,
      protocol: upstream.url.protocol,
      hostname: upstream.url.hostname.replace(/^\[|\]$/g, ''),
      port: upstream.url.port || (secure ? 443 : 80),
      method: req.method,
      path: joinPath(upstream.url.pathname, originForm(req.url ?? '/')),
      headers,
    },
  };
}

export async function forward(
  upstream: Upstream,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | undefined,
  correlation: OutgoingHttpHeaders,
): Promise<Forwarded> {
  const prepared = await upstreamRequest(
    upstream,
    req,
    correlation,
    body !== undefined ? { 'content-length': String(body.length) } : {},
  );
  if ('failed' in prepared) return prepared;
  const { secure } = prepared;
  const options = { ...prepared.options, agent: secure ? httpsAgent : httpAgent };
  const send = (retry: boolean): Promise<Forwarded> =>
    new Promise<Forwarded>((resolve) => {
      const outgoing = (secure ? https : http).request(options, (response) => {
        clearTimeout(timer);
        res.writeHead(response.statusCode ?? 502, responseHeaders(response.headers));
        // Streams (watch, logs -f) are flushed chunk by chunk; pipe() applies back-pressure.
        res.flushHeaders();
        response.pipe(res);
        response.on('error', () => res.destroy());
        res.on('close', () => response.destroy());
        resolve({ status: response.statusCode ?? 502 });
      });
      const timer = setTimeout(() => {
        outgoing.destroy(new Error(`no response within ${upstream.responseTimeoutMs} ms`));
      }, upstream.responseTimeoutMs);
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // A kept-alive connection the upstream closed while idle fails before the request is
        // read: sending it once more, on a new connection, is what every HTTP client does.
        if (
          retry &&
          outgoing.reusedSocket &&
          (error.code === 'ECONNRESET' || error.code === 'EPIPE')
        ) {
          resolve(send(false));
          return;
        }
        resolve({
          failed: status(
            'ServiceUnavailable',
            `iddio: the cluster is unreachable: ${error.message}`,
          ),
        });
      });
      // A client that goes away takes its upstream request with it.
      res.on('close', () => {
        if (!res.writableFinished) outgoing.destroy();
      });
      outgoing.end(body);
    });
  return send(true);
}

const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * The request target in origin form: an absolute-form target (`GET https://host/api/...`) has
 * its scheme and authority dropped, exactly as the classifier read it (rawPath), so what is
 * forwarded is what was decided.
 */
function originForm(target: string): string {
  const stripped = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  return stripped.startsWith('/') ? stripped : `/${stripped}`;
}

/** The upstream's base path (a server URL may have one) joined with the client's path and query. */
function joinPath(base: string, requestPath: string): string {
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${trimmed}${requestPath}`;
}

/** A JSON request of the gateway's own to the upstream (the start-up checks), with a timeout. */
export async function upstreamJson(
  upstream: Upstream,
  method: string,
  path: string,
  tag: { headers: Record<string, string>; done(status: number): void },
  body: unknown,
): Promise<unknown> {
  const tls = await upstream.credentials.apply();
  const payload = JSON.stringify(body);
  const secure = upstream.url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        ...tls,
        protocol: upstream.url.protocol,
        hostname: upstream.url.hostname.replace(/^\[|\]$/g, ''),
        port: upstream.url.port || (secure ? 443 : 80),
        method,
        path: joinPath(upstream.url.pathname, path),
        headers: {
          ...(tls.headers ?? {}),
          ...tag.headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
        timeout: upstream.responseTimeoutMs,
      },
      (res) => {
        let text = '';
        tag.done(res.statusCode ?? 0);
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`the upstream answered ${res.statusCode ?? 0} with no JSON`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('the upstream did not answer in time')));
    req.on('error', reject);
    req.end(payload);
  });
}
