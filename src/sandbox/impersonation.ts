/**
 * Impersonation headers (`kubectl --as`, `--as-group`, `--as-uid`): sandbox-admin may act as
 * anyone, everyone else gets the API server's 403. An impersonated user is authorized by the
 * RBAC table under its own name: the sandbox's users keep their rows, members of
 * system:masters are admins, anyone else may only review itself.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxUser } from './auth.js';
import { ApiError } from './status.js';

function values(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

export function impersonatedUser(
  actor: SandboxUser,
  headers: IncomingHttpHeaders,
  known: readonly SandboxUser[],
): SandboxUser | undefined {
  const name = values(headers['impersonate-user'])[0];
  const groups = values(headers['impersonate-group']);
  const uid = values(headers['impersonate-uid'])[0];
  if (name === undefined && groups.length === 0 && uid === undefined) return undefined;
  if (name === undefined || name === '') {
    throw new ApiError(
      'BadRequest',
      'requested impersonation of groups or uid without impersonating a user',
    );
  }
  if (actor.role !== 'admin') {
    throw new ApiError(
      'Forbidden',
      `users "${name}" is forbidden: User "${actor.username}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      { name, kind: 'users' },
    );
  }
  const row = known.find((u) => u.username === name);
  const role = groups.includes('system:masters') ? 'admin' : (row?.role ?? 'none');
  return { username: name, groups: [...groups, 'system:authenticated'], uid: uid ?? '', role };
}
