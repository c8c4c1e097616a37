/**
 * `kubectl get --raw PATH` (and create/replace/delete --raw): the API path → the resource it
 * addresses, so a raw read of secrets or of `nodes/x/proxy` is classified like the typed form.
 * Paths that are not clean (`..`, `//`, percent-escapes, backslashes) are left unknown: the
 * classifier fails closed on them rather than guess how the server would normalise them.
 */
import type { Target } from './invocation.js';
import { builtinVocabulary, type Vocabulary } from './resources.js';

/** Non-resource paths that only read health, version, discovery or OpenAPI documents. */
const READ_PATHS = [
  /^\/(healthz|livez|readyz)(\/[\w.-]+)*$/,
  /^\/version$/,
  /^\/metrics$/,
  /^\/api(\/v1)?$/,
  /^\/apis(\/[\w.-]+(\/[\w.-]+)?)?$/,
  /^\/openapi\/v2$/,
  /^\/openapi\/v3(\/[\w./-]*)?$/,
  /^\/\.well-known\/openid-configuration$/,
  /^\/openid\/v1\/jwks$/,
];

/** Subresources the built-in API serves; any other word after a name is not understood. */
const SUBRESOURCES = new Set([
  'status',
  'scale',
  'log',
  'exec',
  'attach',
  'portforward',
  'proxy',
  'eviction',
  'binding',
  'token',
  'ephemeralcontainers',
  'resize',
  'approval',
  'finalize',
]);

/**
 * Aggregated APIs that are not built in but that kubectl itself reads: metrics-server's, which
 * `kubectl top` asks for. Known here so that a gateway classifies `top` as the read it is
 * instead of failing closed on an unknown group.
 */
const AGGREGATED: Readonly<Record<string, { kind: string; namespaced: boolean }>> = {
  'metrics.k8s.io/v1beta1/pods': { kind: 'PodMetrics', namespaced: true },
  'metrics.k8s.io/v1beta1/nodes': { kind: 'NodeMetrics', namespaced: false },
};

export interface RawTarget {
  target: Target;
  namespace?: string;
}

function unknownPath(path: string): RawTarget {
  return { target: { resource: '', group: '', names: [], known: false, typed: path, path } };
}

export function rawPathTarget(raw: string, vocab: Vocabulary = builtinVocabulary()): RawTarget {
  const path = raw.split('?')[0] ?? '';
  if (!path.startsWith('/') || /\/\/|\.\.|%|\\|\/\.(\/|$)/.test(path)) return unknownPath(raw);
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (READ_PATHS.some((re) => re.test(trimmed))) {
    return {
      target: { resource: '', group: '', names: [], known: true, typed: raw, path: trimmed },
    };
  }
  let segments = trimmed.split('/').slice(1);
  let group: string;
  let version: string;
  if (segments[0] === 'api') {
    group = '';
    version = segments[1] ?? '';
    segments = segments.slice(2);
  } else if (segments[0] === 'apis') {
    group = segments[1] ?? '';
    version = segments[2] ?? '';
    segments = segments.slice(3);
  } else {
    return unknownPath(raw);
  }
  if (segments[0] === 'watch') segments = segments.slice(1);
  let namespace: string | undefined;
  if (segments[0] === 'namespaces' && segments.length >= 3 && group === '' && version === 'v1') {
    const candidate = segments[2] ?? '';
    const info = vocab.byName.get(candidate)?.find((i) => i.resource === candidate);
    if (info?.namespaced) {
      namespace = segments[1];
      segments = segments.slice(2);
    }
  } else if (segments[0] === 'namespaces' && segments.length >= 3 && group !== '') {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [resource = '', name, subresource, ...rest] = segments;
  const understood =
    subresource === undefined ||
    (SUBRESOURCES.has(subresource) && (rest.length === 0 || subresource === 'proxy'));
  const info =
    vocab.byName
      .get(resource)
      ?.find((i) => i.resource === resource && i.group === group && i.versions.includes(version)) ??
    AGGREGATED[`${group}/${version}/${resource}`];
  const target: Target = {
    resource,
    group,
    version,
    names: name === undefined ? [] : [name],
    known: info !== undefined && understood,
    typed: raw,
  };
  if (info) {
    target.kind = info.kind;
    target.namespaced = info.namespaced;
  }
  if (subresource !== undefined) target.subresource = subresource;
  const out: RawTarget = { target };
  if (namespace !== undefined) out.namespace = namespace;
  return out;
}
