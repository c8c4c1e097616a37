/**
 * Credentials recognised by their shape, wherever they appear in a command's output (logs,
 * error messages, a kubeconfig printed by a pod): bearer tokens, JWTs (service-account tokens),
 * PEM private keys (plain or base64 as in kubeconfig `client-key-data`), iddio agent tokens and
 * the credential lines of a kubeconfig. Used on the stored recording only.
 */

/** A plain scalar in YAML and a plain word in JSON strings, so redacted documents still parse. */
export const REDACTED = '<redacted>';

const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
// base64 of "-----BEGIN": certificates start the same way, so candidates are decoded and only
// private keys are replaced.
const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const IDDIO_TOKEN = /\biddio_[A-Za-z0-9_-]{16,}/g;
// `token: x`, `"client-key-data": "x"`, `password=x` as a kubeconfig or env dump prints them.
const CREDENTIAL_LINE =
  /(["']?\b(?:token|id-token|refresh-token|client-key-data|password|client-secret)["']?\s*[:=]\s*)(?!["']?<redacted>)("[^"\n]*"|'[^'\n]*'|[^\s,}\n]+)/gi;

export function redactPatterns(text: string): string {
  return text
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(BASE64_PEM, (match) =>
      /PRIVATE KEY/.test(Buffer.from(match, 'base64').toString('latin1')) ? REDACTED : match,
    )
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(IDDIO_TOKEN, REDACTED)
    .replace(CREDENTIAL_LINE, (_match, key: string) => `${key}${REDACTED}`);
}

/** Replaces every occurrence of each known secret value (shorter ones are too likely to be words). */
export function scrubValues(text: string, values: ReadonlySet<string>): string {
  let out = text;
  for (const value of values) if (value.length >= 4) out = out.replaceAll(value, REDACTED);
  return out;
}

/** Whether `text` still holds something the patterns or the known values would replace. */
export function stillSecret(text: string, values: ReadonlySet<string>): boolean {
  return redactPatterns(text) !== text || scrubValues(text, values) !== text;
}
