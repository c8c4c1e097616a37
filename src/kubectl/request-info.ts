/**
 * Splits an API path into what the request is about, as the API server's RequestInfoFactory
 * does: /api/v1/namespaces/ns/pods/name/log → {group '', version v1, namespace ns, resource
 * pods, name, subresource log, verb get}.
 */

export interface RequestInfo {
  isResource: boolean;
  path: string;
  verb: string;
  group: string;
  version: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
  /** Path segments after /api or /apis, for discovery routing of non-resource requests. */
  parts: string[];
  prefix: 'api' | 'apis' | '';
  /**
   * Set when the namespace or name segment is one the API server refuses as a path segment
   * ("." or "..", or one containing "/" or "%" once decoded): the router answers 400.
   */
  invalidSegment?: string;
}

/**
 * The path exactly as the client sent it (before the query). WHATWG URL parsing resolves
 * "." and ".." (and %2e%2e) segments, so DELETE .../pods/.. would otherwise become a request
 * on the namespace itself; request info is built from this, never from URL.pathname.
 */
export function rawPath(requestUrl: string): string {
  // absolute-form (GET https://host/api/... HTTP/1.1) is legal too: drop scheme and authority.
  const target = requestUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  return path.startsWith('/') ? path : `/${path}`;
}

/** The API server's IsValidPathSegmentName, as one message (undefined when valid). */
export function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  return undefined;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(safeDecode);
  const base: RequestInfo = {
    isResource: false,
    path,
    verb: method.toLowerCase(),
    group: '',
    version: '',
    parts: segments,
    prefix: '',
  };
  const prefix = segments[0];
  if (prefix !== 'api' && prefix !== 'apis') return base;
  let rest = segments.slice(1);
  const info: RequestInfo = { ...base, prefix, parts: rest };
  if (prefix === 'apis') {
    if (rest.length < 3) return info;
    info.group = rest[0] ?? '';
    info.version = rest[1] ?? '';
    rest = rest.slice(2);
  } else {
    if (rest.length < 2) return info;
    info.version = rest[0] ?? '';
    rest = rest.slice(1);
  }
  info.isResource = true;

  let isWatch = false;
  if (rest[0] === 'watch') {
    isWatch = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
  }
  info.resource = rest[0];
  info.name = rest[1];
  info.subresource = rest[2];
  if (rest.length > 3) info.isResource = false; // deeper paths (proxy) are not served
  if (info.resource === 'namespaces') info.namespace = undefined;
  for (const segment of [info.namespace, info.name]) {
    const problem = segment === undefined ? undefined : pathSegmentProblem(segment);
    if (problem) {
      info.invalidSegment = `Name parameter invalid: ${JSON.stringify(segment)}: ${problem}`;
      break;
    }
  }

  const watchParam = query.get('watch');
  if (watchParam === 'true' || watchParam === '1') isWatch = true;
  switch (method) {
    case 'GET':
    case 'HEAD':
      info.verb =
        info.name === undefined ? (isWatch ? 'watch' : 'list') : isWatch ? 'watch' : 'get';
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name === undefined ? 'deletecollection' : 'delete';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  return info;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
