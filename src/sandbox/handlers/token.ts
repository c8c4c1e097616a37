/**
 * serviceaccounts/token (TokenRequest), which `kubectl create token` uses: mints a JWT-shaped
 * bearer token that the sandbox then accepts as the service account
 * (`system:serviceaccount:<ns>:<name>`), authorized by the RBAC table as a user without
 * bindings. The token is not signed by anything a real cluster would trust.
 */
import { randomBytes } from 'node:crypto';
import { timestamp } from '../state.js';
import { notFound } from '../status.js';
import { asKubeObject, isPlainObject, parseBody } from './body.js';
import type { HandlerContext, HandlerResult } from './context.js';
import { storeKey } from './read.js';

const DEFAULT_SECONDS = 3600;
const AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function handleTokenRequest(ctx: HandlerContext): HandlerResult {
  const { def, info, state } = ctx;
  const name = info.name ?? '';
  const namespace = info.namespace ?? '';
  const account = state.store.get(storeKey(def), namespace, name);
  if (!account) throw notFound(def, name);
  const request = asKubeObject(
    parseBody(ctx.body, ctx.contentType),
    def,
    'TokenRequest',
    'authentication.k8s.io/v1',
  );
  const spec = isPlainObject(request.spec) ? request.spec : {};
  const seconds =
    typeof spec.expirationSeconds === 'number' && spec.expirationSeconds >= 600
      ? spec.expirationSeconds
      : DEFAULT_SECONDS;
  const audiences =
    Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences : [AUDIENCE];
  const now = state.now();
  const expires = new Date(now.getTime() + seconds * 1000);
  const username = `system:serviceaccount:${namespace}:${name}`;
  const token = [
    b64url({ alg: 'none', typ: 'JWT', kid: 'iddio-sandbox' }),
    b64url({
      iss: AUDIENCE,
      sub: username,
      aud: audiences,
      iat: Math.floor(now.getTime() / 1000),
      exp: Math.floor(expires.getTime() / 1000),
    }),
    randomBytes(32).toString('base64url'),
  ].join('.');
  state.issuedTokens.set(token, {
    username,
    groups: [
      'system:serviceaccounts',
      `system:serviceaccounts:${namespace}`,
      'system:authenticated',
    ],
    uid: account.metadata.uid ?? '',
    role: 'none',
  });
  return {
    code: 201,
    body: {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: timestamp(now) },
      spec: { audiences, expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
      status: { token, expirationTimestamp: timestamp(expires) },
    },
  };
}
