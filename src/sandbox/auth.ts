/**
 * Bearer-token authentication against the sandbox's fixed users. Tokens are random per start;
 * comparison is constant-time so the sandbox does not teach bad habits.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface SandboxUser {
  username: string;
  groups: string[];
  uid: string;
  /**
   * Which row of the RBAC table applies (authz.ts); `none` may review itself and do what the
   * RBAC objects in the store grant it.
   */
  role: 'admin' | 'viewer' | 'none';
  /** Impersonate-Extra-* values, keyed by the decoded extra name. */
  extra?: Record<string, string[]>;
}

export interface Credential {
  token: string;
  user: SandboxUser;
}

export function makeCredentials(): { admin: Credential; viewer: Credential } {
  return {
    admin: {
      token: randomBytes(24).toString('hex'),
      user: {
        username: 'sandbox-admin',
        groups: ['system:masters', 'system:authenticated'],
        uid: 'sandbox-admin-uid',
        role: 'admin',
      },
    },
    viewer: {
      token: randomBytes(24).toString('hex'),
      user: {
        username: 'sandbox-viewer',
        groups: ['sandbox:viewers', 'system:authenticated'],
        uid: 'sandbox-viewer-uid',
        role: 'viewer',
      },
    },
  };
}

export const ANONYMOUS: SandboxUser = {
  username: 'system:anonymous',
  groups: ['system:unauthenticated'],
  uid: '',
  role: 'none',
};

/** The user for an `Authorization` header, or undefined when it is missing or wrong. */
export function authenticate(
  header: string | undefined,
  credentials: readonly Credential[],
): SandboxUser | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const presented = Buffer.from(match[1]);
  for (const credential of credentials) {
    const expected = Buffer.from(credential.token);
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) {
      return credential.user;
    }
  }
  return undefined;
}
