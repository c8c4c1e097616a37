/**
 * The create-only review kinds: access reviews answered from the RBAC table, and
 * SelfSubjectReview / TokenReview answered from the authenticated user.
 */
import { decide, decideNonResource, rulesFor } from '../authz.js';
import type { SandboxUser } from '../auth.js';
import type { Store } from '../storage.js';
import { apiVersionOf, isReview, RESOURCES } from '../resources.js';
import { ApiError, badRequest } from '../status.js';
import { asKubeObject, isPlainObject, parseBody } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';

type Obj = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function accessStatus(user: SandboxUser, spec: Obj, store: Store, namespaceOverride?: string): Obj {
  const resourceAttributes = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if (isPlainObject(resourceAttributes)) {
    const d = decide(
      user,
      {
        verb: str(resourceAttributes.verb) ?? '',
        group: str(resourceAttributes.group) ?? '',
        resource: str(resourceAttributes.resource) ?? '',
        subresource: str(resourceAttributes.subresource) || undefined,
        namespace: namespaceOverride ?? (str(resourceAttributes.namespace) || undefined),
        name: str(resourceAttributes.name) || undefined,
      },
      store,
    );
    return d.allowed ? { allowed: true, reason: d.reason } : { allowed: false };
  }
  if (isPlainObject(nonResource)) {
    const d = decideNonResource(user, str(nonResource.verb) ?? '');
    return d.allowed ? { allowed: true, reason: d.reason } : { allowed: false };
  }
  throw new ApiError(
    'Invalid',
    `${'SelfSubjectAccessReview'}.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`,
  );
}

const BASIC_USER: Obj[] = [
  {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];
const DISCOVERY_URLS = [
  '/api',
  '/api/*',
  '/apis',
  '/apis/*',
  '/healthz',
  '/livez',
  '/openapi',
  '/openapi/*',
  '/readyz',
  '/version',
  '/version/',
];
const PUBLIC_INFO_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];

/**
 * The sandbox-viewer role: get/list/watch on every resource the sandbox serves but secrets,
 * subresources that can be read included, one rule per API group. RBAC cannot say "all but
 * secrets" with a wildcard, so, like the built-in view role, it names each resource.
 */
function viewerRules(): Obj[] {
  const byGroup = new Map<string, string[]>();
  for (const def of RESOURCES) {
    if (isReview(def) || (def.group === '' && def.resource === 'secrets')) continue;
    const names = byGroup.get(def.group) ?? [];
    names.push(def.resource);
    for (const sub of def.subresources)
      if (sub.verbs.includes('get')) names.push(`${def.resource}/${sub.name}`);
    byGroup.set(def.group, names);
  }
  return [...byGroup].map(([group, resources]) => ({
    verbs: ['get', 'list', 'watch'],
    apiGroups: [group],
    resources,
  }));
}

/**
 * What the API server's RBAC rule resolver reports: the rules of every role bound to the user,
 * the bootstrap ones bound to system:authenticated (system:basic-user, system:discovery,
 * system:public-info-viewer) included, as the authorizer above enforces them.
 */
function rulesReviewStatus(user: SandboxUser): Obj {
  if (user.role === 'none') return { ...rulesFor(user), incomplete: false };
  const own =
    user.role === 'admin'
      ? {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        }
      : {
          resourceRules: viewerRules(),
          // The viewer may get any non-resource URL (decideNonResource).
          nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['*'] }],
        };
  return {
    resourceRules: [...own.resourceRules, ...BASIC_USER],
    nonResourceRules: [
      ...own.nonResourceRules,
      { verbs: ['get'], nonResourceURLs: DISCOVERY_URLS },
      { verbs: ['get'], nonResourceURLs: PUBLIC_INFO_URLS },
    ],
    incomplete: false,
  };
}

function userInfo(user: SandboxUser): Obj {
  return {
    username: user.username,
    uid: user.uid,
    groups: user.groups,
    ...(user.extra !== undefined ? { extra: user.extra } : {}),
  };
}

export function handleReview(ctx: HandlerContext): HandlerResult {
  const { def, user } = ctx;
  const review = asKubeObject(parseBody(ctx.body, ctx.contentType), def);
  const spec = isPlainObject(review.spec) ? review.spec : {};
  const out: Obj = {
    kind: def.kind,
    apiVersion: apiVersionOf(def),
    metadata: { creationTimestamp: null },
    spec,
  };
  switch (def.resource) {
    case 'selfsubjectaccessreviews':
      out.status = accessStatus(user, spec, ctx.state.store);
      break;
    case 'localsubjectaccessreviews':
    case 'subjectaccessreviews':
      // Only the sandbox's own users exist; a review about anyone else is denied.
      out.status =
        spec.user === user.username || user.role === 'admin'
          ? accessStatus(user, spec, ctx.state.store, ctx.info.namespace)
          : { allowed: false };
      break;
    case 'selfsubjectrulesreviews':
      // The API server answers with a fresh object: an empty spec, and a 400 without a namespace.
      if (!str(spec.namespace)) throw badRequest('no namespace on request');
      out.spec = {};
      out.status = rulesReviewStatus(user);
      break;
    case 'selfsubjectreviews':
      out.status = { userInfo: userInfo(user) };
      break;
    case 'tokenreviews':
      out.status = {
        authenticated: false,
        error: 'token reviews are not supported by the sandbox',
      };
      break;
    default:
      throw badRequest(`unsupported review ${def.resource}`);
  }
  return { code: 201, body: out };
}
