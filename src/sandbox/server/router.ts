/**
 * The request pipeline: audit ID, authentication, body, then the non-resource endpoints
 * (version, health, discovery, OpenAPI) or a resource handler after authorization. Every
 * request, whatever happens, ends in exactly one audit line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANONYMOUS, type Credential, type SandboxUser } from '../auth.js';
import { beginAudit, type AuditLog } from '../audit.js';
import { decide, forbidden } from '../authz.js';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
} from '../discovery.js';
import { handleResource } from '../handlers/index.js';
import { openApiDocument, openApiIndex } from '../openapi/index.js';
import { findResource } from '../resources.js';
import type { SandboxState } from '../state.js';
import { ApiError, methodNotAllowed, statusBody } from '../status.js';
import { readBody } from './body.js';
import { actingAs, authenticatedUser } from './identify.js';
import { aggregatedDiscoveryVersion } from './negotiate.js';
import type { RequestInfo } from '../../kubectl/request-info.js';
import { notFoundPath, sendError, sendJson, sendText } from './respond.js';

export interface RouterOptions {
  state: SandboxState;
  credentials: readonly Credential[];
  audit: AuditLog;
  serverAddress: () => string;
}

const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version']);

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function makeRouter(
  options: RouterOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    let user: SandboxUser = ANONYMOUS;
    let impersonated: SandboxUser | undefined;
    const { auditID, info, url, write } = beginAudit(options.audit, req, options.state.now, () => ({
      user,
      impersonated,
    }));
    res.setHeader('Audit-Id', auditID);
    // 'finish' comes before the client can read the end of the body, so a test that reads the
    // log right after a response sees its line; 'close' covers aborted streams.
    const writeAudit = (): void => write(res.statusCode);
    res.on('finish', writeAudit);
    res.on('close', writeAudit);
    const authenticated = authenticatedUser(req, options);
    if (authenticated) user = authenticated;
    if (!authenticated && !PUBLIC.has(url.pathname)) {
      req.resume();
      sendJson(res, 401, statusBody('Unauthorized', 401, 'Unauthorized'));
      return;
    }
    try {
      impersonated = actingAs(req, user, options);
    } catch (error) {
      req.resume();
      sendError(res, error);
      return;
    }
    const effective = impersonated ?? user;
    readBody(req)
      .then((body) => route(options, req, res, url, info, effective, body))
      .catch((error: unknown) => sendError(res, error));
  };
}

async function route(
  options: RouterOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  info: RequestInfo,
  user: SandboxUser,
  body: Buffer,
): Promise<void> {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const accept = header(req, 'accept');
  if (info.invalidSegment !== undefined) throw new ApiError('BadRequest', info.invalidSegment);
  if (info.isResource) {
    const def = findResource(info.group, info.version, info.resource ?? '');
    if (!def) return notFoundPath(res);
    if (def.namespaced === false && info.namespace !== undefined && def.resource !== 'namespaces')
      return notFoundPath(res);
    const attrs = {
      verb: info.verb,
      group: def.group,
      resource: def.resource,
      subresource: info.subresource,
      namespace: info.namespace,
      name: info.name,
    };
    if (!decide(user, attrs, options.state.store).allowed) throw forbidden(user, attrs);
    if (info.verb === 'create' && info.name !== undefined && info.subresource === undefined)
      throw methodNotAllowed();
    const result = handleResource({
      state: options.state,
      info,
      def,
      query: url.searchParams,
      body,
      contentType: header(req, 'content-type'),
      accept,
      user,
      req,
      res,
    });
    if (!('streamed' in result)) sendJson(res, result.code, result.body, result.contentType);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    if (path.startsWith('/api') || path.startsWith('/openapi')) throw methodNotAllowed();
    return notFoundPath(res);
  }
  if (path === '/version') return sendJson(res, 200, SERVER_VERSION);
  if (path === '/healthz' || path === '/livez' || path === '/readyz')
    return sendText(res, 200, 'ok');
  const aggregated = aggregatedDiscoveryVersion(accept);
  if (path === '/api' || path === '/apis') {
    if (aggregated) {
      const apiVersion = `apidiscovery.k8s.io/${aggregated}`;
      return sendJson(
        res,
        200,
        aggregatedDiscovery(path === '/api', apiVersion),
        `application/json;g=apidiscovery.k8s.io;v=${aggregated};as=APIGroupDiscoveryList`,
      );
    }
    return sendJson(
      res,
      200,
      path === '/api' ? apiVersions(options.serverAddress()) : apiGroupList(),
    );
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) {
    const list = apiResourceList('', parts[1] ?? '');
    return list ? sendJson(res, 200, list) : notFoundPath(res);
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const group = apiGroup(parts[1] ?? '');
    return group ? sendJson(res, 200, group) : notFoundPath(res);
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const list = apiResourceList(parts[1] ?? '', parts[2] ?? '');
    return list ? sendJson(res, 200, list) : notFoundPath(res);
  }
  if (path === '/openapi/v3') return sendJson(res, 200, openApiIndex());
  if (parts[0] === 'openapi' && parts[1] === 'v3' && parts.length > 2) {
    const doc = await openApiDocument(parts.slice(2).join('/'));
    if (doc === undefined) return notFoundPath(res);
    if (res.headersSent || res.writableEnded) return;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'public, immutable',
      'Content-Length': Buffer.byteLength(doc),
    });
    res.end(doc);
    return;
  }
  if (path === '/') {
    return sendJson(res, 200, {
      paths: [
        '/api',
        '/api/v1',
        '/apis',
        '/healthz',
        '/livez',
        '/openapi/v3',
        '/readyz',
        '/version',
      ],
    });
  }
  throw new ApiError('NotFound', 'the server could not find the requested resource', {});
}
