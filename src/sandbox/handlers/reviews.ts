/**
 * The create-only review kinds: access reviews answered from the RBAC table, and
 * SelfSubjectReview / TokenReview answered from the authenticated user.
 */
import { decide, decideNonResource, rulesFor } from '../authz.js';
import type { SandboxUser } from '../auth.js';
import { apiVersionOf } from '../resources.js';
import { ApiError, badRequest } from '../status.js';
import { asKubeObject, isPlainObject, parseBody } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';

type Obj = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function accessStatus(user: SandboxUser, spec: Obj, namespaceOverride?: string): Obj {
  const resourceAttributes = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if (isPlainObject(resourceAttributes)) {
    const d = decide(user, {
      verb: str(resourceAttributes.verb) ?? '',
      group: str(resourceAttributes.group) ?? '',
      resource: str(resourceAttributes.resource) ?? '',
      subresource: str(resourceAttributes.subresource) || undefined,
      namespace: namespaceOverride ?? (str(resourceAttributes.namespace) || undefined),
      name: str(resourceAttributes.name) || undefined,
    });
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

function userInfo(user: SandboxUser): Obj {
  return { username: user.username, uid: user.uid, groups: user.groups };
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
      out.status = accessStatus(user, spec);
      break;
    case 'localsubjectaccessreviews':
    case 'subjectaccessreviews':
      // Only the sandbox's own users exist; a review about anyone else is denied.
      out.status =
        spec.user === user.username || user.role === 'admin'
          ? accessStatus(user, spec, ctx.info.namespace)
          : { allowed: false };
      break;
    case 'selfsubjectrulesreviews':
      out.status = { ...rulesFor(user), incomplete: false };
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
