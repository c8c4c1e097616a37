/**
 * The wire grammar: one Kubernetes API request (method, path, query, body) → the same typed
 * Invocation the argv grammar produces, so the gateway's requests are classified, decided and
 * recorded by the very stages `iddio kubectl` uses. The path is read as the API server's
 * RequestInfo reads it (rawPathTarget: group, version, namespace, resource, name,
 * subresource); the method and subresource pick the kubectl command whose effect the request
 * has (a PATCH of deployments/scale is `scale`, a POST of pods/eviction is an eviction, a GET
 * of pods/exec is `exec`); a create, replace or server-side apply body is read as a manifest,
 * each object classified on its own. Pure: no I/O, no clock.
 */
import {
  emptyInvocation,
  type Invocation,
  type ManifestObject,
  type Target,
} from './invocation.js';
import { parseDocuments, toObjects } from './manifests.js';
import { rawPathTarget } from './rawpath.js';
import { builtinVocabulary, type Vocabulary } from './resources.js';

export interface WireRequest {
  method: string;
  /** The path as sent, without the query. */
  path: string;
  query: URLSearchParams;
  contentType?: string;
  /** The request body as text, when there is one and it is JSON or YAML. */
  body?: string;
}

export interface WireInvocation {
  invocation: Invocation;
  /** Discovery and OpenAPI documents: T0 reads that are never asked about. */
  discovery: boolean;
  /** A watch or a follow: the response stays open. */
  streaming: boolean;
}

/** A request body that cannot be read as the object it claims to be: the gateway answers 400. */
export class WireError extends Error {
  override name = 'WireError';
}

/** Non-resource paths clients read to learn the API: never a decision of their own. */
const DISCOVERY = [
  /^\/api(\/v1)?\/?$/,
  /^\/apis(\/[\w.-]+(\/[\w.-]+)?)?\/?$/,
  /^\/openapi\/v[23](\/[\w./-]*)?$/,
  /^\/version\/?$/,
];

/** Subresources that open a stream into a container or through the API server. */
const CONNECT: Readonly<Record<string, string>> = {
  exec: 'exec',
  attach: 'attach',
  portforward: 'port-forward',
  proxy: 'proxy',
};

/** Reviews a client posts to ask about its own access: reads, whatever the method. */
const SELF_REVIEWS: Readonly<Record<string, [string, string]>> = {
  'authorization.k8s.io/selfsubjectaccessreviews': ['auth', 'can-i'],
  'authorization.k8s.io/selfsubjectrulesreviews': ['auth', 'can-i'],
  'authentication.k8s.io/selfsubjectreviews': ['auth', 'whoami'],
};

const MANIFEST_VERBS = new Set(['create', 'replace', 'apply']);
const BODY_SOURCE = 'request body';

export function isDiscoveryPath(path: string): boolean {
  return DISCOVERY.some((re) => re.test(path));
}

export function invocationFromRequest(
  request: WireRequest,
  vocab: Vocabulary = builtinVocabulary(),
): WireInvocation {
  const method = request.method.toUpperCase();
  const query = request.query;
  const watching = query.get('watch') === 'true' || query.get('watch') === '1';
  const { target, namespace } = rawPathTarget(request.path, vocab);
  const inv = emptyInvocation([method, request.path]);
  if (namespace !== undefined) inv.namespace = namespace;
  inv.targets = [target];

  if (target.path !== undefined || (!target.known && target.resource === '')) {
    // A non-resource path (or one that is not an API path at all).
    const read = method === 'GET' || method === 'HEAD';
    inv.verb = read ? 'get' : 'create';
    inv.raw = request.path;
    inv.flagsSet = ['raw'];
    inv.flags = { raw: [request.path] };
    return {
      invocation: inv,
      discovery: read && target.known && isDiscoveryPath(request.path),
      streaming: false,
    };
  }

  const command = kubectlCommand(method, target, request.contentType, request.body);
  const [verb, subverb] = command ?? [method.toLowerCase()];
  inv.verb = verb;
  if (subverb !== undefined) inv.subverb = subverb;
  // An unknown method is an unknown command: the classifier fails closed on it (T4).
  inv.verbKnown = command !== undefined;
  if (target.names.length === 0 && target.namespaced === true && namespace === undefined) {
    inv.allNamespaces = true; // GET /api/v1/pods: every namespace, as `-A`
  }
  if (verb === 'delete' && target.names.length === 0) inv.all = true;
  const flags: Record<string, string[]> = {};
  const selector = query.get('labelSelector');
  if (selector) inv.selector = selector;
  const fieldSelector = query.get('fieldSelector');
  if (fieldSelector) inv.fieldSelector = fieldSelector;
  if (watching) flags.watch = ['true'];
  if (query.get('follow') === 'true') flags.follow = ['true'];
  if (verb === 'apply') flags['server-side'] = ['true'];
  if (query.getAll('dryRun').includes('All')) {
    inv.dryRun = 'server';
    flags['dry-run'] = ['server'];
  }
  inv.flags = flags;
  inv.flagsSet = Object.keys(flags);

  if (MANIFEST_VERBS.has(verb) && request.body !== undefined && request.body.trim() !== '') {
    inv.manifests = bodyObjects(request.body, namespace, vocab);
  }
  return {
    invocation: inv,
    discovery: false,
    streaming:
      watching || query.get('follow') === 'true' || CONNECT[target.subresource ?? ''] !== undefined,
  };
}

/** The kubectl command with the same effect as this method on this target. */
function kubectlCommand(
  method: string,
  target: Target,
  contentType: string | undefined,
  body: string | undefined,
): [string, string?] | undefined {
  const sub = target.subresource;
  const connect = sub === undefined ? undefined : CONNECT[sub];
  if (connect !== undefined) return [connect];
  const review = SELF_REVIEWS[`${target.group}/${target.resource}`];
  switch (method) {
    case 'GET':
    case 'HEAD':
      return sub === 'log' ? ['logs'] : ['get'];
    case 'POST':
      if (review !== undefined && sub === undefined) return review;
      if (target.resource === 'serviceaccounts' && sub === 'token') return ['create', 'token'];
      if (target.resource === 'certificatesigningrequests' && sub === 'approval') {
        return ['certificate', 'approve'];
      }
      return ['create'];
    case 'PUT':
      if (sub === 'scale') return ['scale'];
      if (target.resource === 'certificatesigningrequests' && sub === 'approval') {
        return ['certificate', 'approve'];
      }
      return sub === undefined ? ['replace'] : ['patch'];
    case 'PATCH':
      if (sub === 'scale') return ['scale'];
      if (target.resource === 'nodes' && sub === undefined) {
        const scheduling = nodeSchedulingPatch(body, contentType);
        if (scheduling !== undefined) return [scheduling];
      }
      // Server-side apply is a PATCH whose body is the whole object.
      return sub === undefined && contentType?.startsWith('application/apply-patch') === true
        ? ['apply']
        : ['patch'];
    case 'DELETE':
      return ['delete'];
    default:
      return undefined;
  }
}

/**
 * `cordon`, `uncordon` and `taint` are node patches that touch nothing but scheduling
 * (`spec.unschedulable`, `spec.taints`): T3 as on the command line. Any other node patch, or
 * one that cannot be read, stays a node write (T4).
 */
function nodeSchedulingPatch(
  body: string | undefined,
  contentType: string | undefined,
): string | undefined {
  if (body === undefined || !/merge-patch|strategic-merge-patch/.test(contentType ?? '')) {
    return undefined;
  }
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch {
    return undefined;
  }
  const record = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!record(patch) || !record(patch.spec)) return undefined;
  const topKeys = Object.keys(patch).filter((key) => key !== 'spec');
  // kubectl may send the node's resourceVersion as a precondition; nothing else.
  const metadata = patch.metadata;
  const onlyPrecondition =
    topKeys.length === 0 ||
    (topKeys.length === 1 &&
      record(metadata) &&
      Object.keys(metadata).every((key) => key === 'resourceVersion'));
  const specKeys = Object.keys(patch.spec);
  if (!onlyPrecondition || specKeys.length === 0) return undefined;
  if (specKeys.every((key) => key === 'taints' || key.startsWith('$setElementOrder/taints'))) {
    return 'taint';
  }
  if (specKeys.length === 1 && specKeys[0] === 'unschedulable') {
    return patch.spec.unschedulable === true ? 'cordon' : 'uncordon';
  }
  return undefined;
}

function bodyObjects(
  body: string,
  namespace: string | undefined,
  vocab: Vocabulary,
): ManifestObject[] {
  let objects: ManifestObject[];
  try {
    objects = toObjects(parseDocuments(body, BODY_SOURCE), BODY_SOURCE, vocab);
  } catch (error) {
    throw new WireError(error instanceof Error ? error.message : String(error));
  }
  // The API server places an object without a namespace in the path's namespace.
  for (const object of objects) {
    if (object.namespace === undefined && namespace !== undefined && object.namespaced !== false) {
      object.namespace = namespace;
    }
  }
  return objects;
}
