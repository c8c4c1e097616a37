/**
 * `iddio serve --impersonate`: every upstream request is sent as the agent, so the cluster's
 * own audit log names it (`impersonatedUser`) with the iddio request ID and tier in `extra`,
 * and cluster RBAC can bind per agent behind iddio's policy. The gateway never falls back to
 * its own identity: the headers are on every request, so an upstream that does not let the
 * gateway impersonate refuses the request itself.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { Upstream } from './proxy.js';
import { upstreamJson } from './proxy.js';

export const AGENT_USER_PREFIX = 'iddio:agent:';
export const AGENTS_GROUP = 'iddio:agents';
export const EXTRA_REQUEST_ID = 'iddio.dev/request-id';
export const EXTRA_TIER = 'iddio.dev/tier';

/**
 * An extra key as a header-name suffix: Kubernetes percent-encodes every byte that is not an
 * HTTP token character (so `iddio.dev/tier` is `iddio.dev%2Ftier`) and decodes it on receipt.
 */
export function encodeExtraKey(key: string): string {
  return [...Buffer.from(key, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9!#$&'*+.^_`|~-]/.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

export function impersonationHeaders(
  agent: string,
  groups: readonly string[],
  requestId: string,
  tier: number,
): OutgoingHttpHeaders {
  return {
    'Impersonate-User': `${AGENT_USER_PREFIX}${agent}`,
    'Impersonate-Group': [AGENTS_GROUP, ...groups.filter((g) => g !== AGENTS_GROUP)],
    [`Impersonate-Extra-${encodeExtraKey(EXTRA_REQUEST_ID)}`]: requestId,
    [`Impersonate-Extra-${encodeExtraKey(EXTRA_TIER)}`]: String(tier),
  };
}

interface Check {
  group: string;
  resource: string;
  name?: string;
  subresource?: string;
}

/**
 * Asks the upstream (SelfSubjectAccessReview, as the gateway) whether it may impersonate each
 * agent it serves, their groups and the extra keys it sends. Returns what is missing, empty
 * when everything is allowed.
 */
export async function missingImpersonation(
  upstream: Upstream,
  agents: readonly string[],
  groups: readonly string[],
  /** Tags each review with the correlation headers and notes it (the gateway records them). */
  tag: (
    method: string,
    path: string,
  ) => { headers: Record<string, string>; done(status: number): void },
): Promise<string[]> {
  const checks: Check[] = [
    ...agents.map((agent) => ({
      group: '',
      resource: 'users',
      name: `${AGENT_USER_PREFIX}${agent}`,
    })),
    ...[AGENTS_GROUP, ...groups].map((name) => ({ group: '', resource: 'groups', name })),
    { group: 'authentication.k8s.io', resource: 'userextras', subresource: EXTRA_REQUEST_ID },
    { group: 'authentication.k8s.io', resource: 'userextras', subresource: EXTRA_TIER },
  ];
  const missing: string[] = [];
  for (const check of checks) {
    const path = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
    const tagged = tag('POST', path);
    const review = await upstreamJson(upstream, 'POST', path, tagged, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: 'impersonate', ...check } },
    });
    const allowed = (review as { status?: { allowed?: unknown } }).status?.allowed === true;
    if (!allowed) {
      missing.push(
        `${check.resource}${check.subresource ? `/${check.subresource}` : ''}${check.name ? ` "${check.name}"` : ''}`,
      );
    }
  }
  return missing;
}
