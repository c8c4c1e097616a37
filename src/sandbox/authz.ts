/**
 * The sandbox's fixed RBAC table. sandbox-admin (system:masters) may do anything;
 * sandbox-viewer may read everything except secrets, and ask who it is and what it may do.
 * The same table answers SelfSubjectAccessReviews and guards every request.
 */
import type { SandboxUser } from './auth.js';
import { rbacAllows } from './rbac.js';
import { ApiError } from './status.js';
import type { Store } from './storage.js';

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);
const SELF_REVIEWS = new Set([
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'selfsubjectreviews',
]);

export interface Decision {
  allowed: boolean;
  reason: string;
}

/**
 * The fixed rows first (admin, viewer, self-reviews); anyone else — an impersonated agent — is
 * decided by the RBAC objects in the store, when the caller passes it.
 */
export function decide(user: SandboxUser, attrs: ResourceAttributes, store?: Store): Decision {
  if (user.role === 'admin')
    return { allowed: true, reason: 'sandbox RBAC: sandbox-admin is cluster-admin' };
  if (attrs.verb === 'create' && SELF_REVIEWS.has(attrs.resource) && !attrs.subresource) {
    return { allowed: true, reason: 'sandbox RBAC: anyone may review themselves' };
  }
  const isSecret = attrs.group === '' && attrs.resource === 'secrets';
  if (user.role === 'viewer' && READ_VERBS.has(attrs.verb) && !isSecret) {
    return {
      allowed: true,
      reason: 'sandbox RBAC: sandbox-viewer may read everything but secrets',
    };
  }
  // The sandbox's own users keep their fixed rows; only other users (impersonated agents,
  // ServiceAccounts) are decided by the RBAC objects in the store.
  const bound =
    store === undefined || user.role !== 'none' ? undefined : rbacAllows(store, user, attrs);
  return bound === undefined ? { allowed: false, reason: '' } : { allowed: true, reason: bound };
}

export function decideNonResource(user: SandboxUser, verb: string): Decision {
  if (user.role === 'admin' || verb === 'get')
    return { allowed: true, reason: 'sandbox RBAC: non-resource reads are open' };
  return { allowed: false, reason: '' };
}

/** The 403 the API server returns, worded as kubectl shows it. */
export function forbidden(user: SandboxUser, attrs: ResourceAttributes): ApiError {
  const what = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  // The API server names the group-qualified resource (`deployments.apps "api" is forbidden`).
  const qualified = attrs.group ? `${attrs.resource}.${attrs.group}` : attrs.resource;
  const subject = attrs.name ? `${qualified} "${attrs.name}"` : qualified;
  const where = attrs.namespace
    ? ` in the namespace "${attrs.namespace}"`
    : ' at the cluster scope';
  return new ApiError(
    'Forbidden',
    `${subject} is forbidden: User "${user.username}" cannot ${attrs.verb} resource "${what}" in API group "${attrs.group}"${where}`,
    { name: attrs.name, kind: attrs.resource, ...(attrs.group ? { group: attrs.group } : {}) },
  );
}

/** The rules a SelfSubjectRulesReview reports for a user. */
export function rulesFor(user: SandboxUser): {
  resourceRules: unknown[];
  nonResourceRules: unknown[];
} {
  if (user.role === 'admin') {
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    };
  }
  const selfReviews = [
    {
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  ];
  const reads =
    user.role === 'viewer'
      ? [{ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] }]
      : [];
  return {
    resourceRules: [...selfReviews, ...reads],
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['*'] }],
  };
}
