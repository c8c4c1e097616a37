/**
 * Enough of Kubernetes RBAC for users the fixed table does not know (an impersonated agent,
 * say): the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings in the store decide, as
 * the API server's RBAC authorizer does — bindings whose subjects name the user, one of its
 * groups or its ServiceAccount; rules matched on verb, API group, resource (`pods/log` for a
 * subresource, `*` anywhere) and resourceNames. Deny by default; no aggregation.
 */
import type { SandboxUser } from './auth.js';
import type { ResourceAttributes } from './authz.js';
import { resourceKey, type Store } from './storage.js';

type Obj = Record<string, unknown>;
const RBAC = 'rbac.authorization.k8s.io';

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function subjectMatches(subject: Obj, user: SandboxUser, bindingNamespace?: string): boolean {
  const name = subject.name;
  switch (subject.kind) {
    case 'User':
      return name === user.username;
    case 'Group':
      return typeof name === 'string' && user.groups.includes(name);
    case 'ServiceAccount': {
      const ns = typeof subject.namespace === 'string' ? subject.namespace : bindingNamespace;
      return user.username === `system:serviceaccount:${ns ?? ''}:${String(name)}`;
    }
    default:
      return false;
  }
}

function ruleAllows(rule: Obj, attrs: ResourceAttributes): boolean {
  const has = (values: string[], wanted: string): boolean =>
    values.includes('*') || values.includes(wanted);
  if (!has(list(rule.verbs), attrs.verb)) return false;
  if (!has(list(rule.apiGroups), attrs.group)) return false;
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const resources = list(rule.resources);
  const resourceOk =
    resources.includes('*') ||
    resources.includes(combined) ||
    (attrs.subresource !== undefined && resources.includes(`*/${attrs.subresource}`));
  if (!resourceOk) return false;
  const names = list(rule.resourceNames);
  return names.length === 0 || (attrs.name !== undefined && names.includes(attrs.name));
}

function rulesOf(store: Store, ref: Obj, namespace: string | undefined): Obj[] {
  const name = typeof ref.name === 'string' ? ref.name : '';
  const role =
    ref.kind === 'ClusterRole'
      ? store.get(resourceKey(RBAC, 'clusterroles'), undefined, name)
      : ref.kind === 'Role' && namespace !== undefined
        ? store.get(resourceKey(RBAC, 'roles'), namespace, name)
        : undefined;
  const rules = (role as Obj | undefined)?.rules;
  return Array.isArray(rules) ? (rules as Obj[]) : [];
}

/** The binding that allows the request (for the review's reason), or undefined. */
export function rbacAllows(
  store: Store,
  user: SandboxUser,
  attrs: ResourceAttributes,
): string | undefined {
  const bindings: Array<{ binding: Obj; namespace?: string }> = [
    ...store.list(resourceKey(RBAC, 'clusterrolebindings')).map((b) => ({ binding: b as Obj })),
    ...(attrs.namespace === undefined
      ? []
      : store
          .list(resourceKey(RBAC, 'rolebindings'), attrs.namespace)
          .map((b) => ({ binding: b as Obj, namespace: attrs.namespace }))),
  ];
  for (const { binding, namespace } of bindings) {
    const subjects = Array.isArray(binding.subjects) ? (binding.subjects as Obj[]) : [];
    if (!subjects.some((s) => subjectMatches(s, user, namespace))) continue;
    const ref = (binding.roleRef ?? {}) as Obj;
    if (rulesOf(store, ref, namespace).some((rule) => ruleAllows(rule, attrs))) {
      const meta = (binding.metadata ?? {}) as Obj;
      return `RBAC: allowed by ${namespace ? 'RoleBinding' : 'ClusterRoleBinding'} "${String(meta.name)}" of ${String(ref.kind)} "${String(ref.name)}"`;
    }
  }
  return undefined;
}
