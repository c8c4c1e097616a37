/**
 * Impersonation headers (`kubectl --as`, `--as-group`, `--as-uid`, and a gateway sending its
 * agents' requests as them): sandbox-admin may act as anyone; anyone else needs the
 * `impersonate` verb on each user, group and extra key from the RBAC objects in the store, as
 * on a real API server, else the API server's 403. An impersonated user is authorized by the
 * RBAC table under its own name: the sandbox's users keep their rows, members of
 * system:masters are admins, anyone else gets what the store's RBAC grants it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxUser } from './auth.js';
import { decide } from './authz.js';
import { ApiError } from './status.js';
import type { Store } from './storage.js';

const EXTRA_PREFIX = 'impersonate-extra-';

function values(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    throw new ApiError('BadRequest', `invalid impersonation extra key "${key}"`);
  }
}

export function impersonatedUser(
  actor: SandboxUser,
  headers: IncomingHttpHeaders,
  known: readonly SandboxUser[],
  store?: Store,
): SandboxUser | undefined {
  const name = values(headers['impersonate-user'])[0];
  const groups = values(headers['impersonate-group']).flatMap((g) =>
    g.split(',').map((v) => v.trim()),
  );
  const uid = values(headers['impersonate-uid'])[0];
  const extra: Record<string, string[]> = {};
  for (const [header, value] of Object.entries(headers)) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    extra[decodeKey(header.slice(EXTRA_PREFIX.length)).toLowerCase()] = values(value);
  }
  if (
    name === undefined &&
    groups.length === 0 &&
    uid === undefined &&
    Object.keys(extra).length === 0
  ) {
    return undefined;
  }
  if (name === undefined || name === '') {
    throw new ApiError(
      'BadRequest',
      'requested impersonation of groups or uid without impersonating a user',
    );
  }
  const may = (resource: string, what: string, group = '', subresource?: string): void => {
    if (actor.role === 'admin') return;
    const allowed = decide(
      actor,
      { verb: 'impersonate', group, resource, name: what, ...(subresource ? { subresource } : {}) },
      store,
    ).allowed;
    if (!allowed) {
      const kind = subresource ? `${resource}/${subresource}` : resource;
      throw new ApiError(
        'Forbidden',
        `${resource} "${what}" is forbidden: User "${actor.username}" cannot impersonate resource "${kind}" in API group "${group}" at the cluster scope`,
        { name: what, kind: resource },
      );
    }
  };
  may('users', name);
  for (const group of groups) may('groups', group);
  for (const [key, vals] of Object.entries(extra)) {
    for (const value of vals) may('userextras', value, 'authentication.k8s.io', key);
  }
  const row = known.find((u) => u.username === name);
  const role = groups.includes('system:masters') ? 'admin' : (row?.role ?? 'none');
  const user: SandboxUser = {
    username: name,
    groups: [...groups, 'system:authenticated'],
    uid: uid ?? '',
    role,
  };
  if (Object.keys(extra).length > 0) user.extra = extra;
  return user;
}
