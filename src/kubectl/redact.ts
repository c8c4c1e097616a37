/**
 * Credentials in a kubectl argv, replaced before the argv reaches the audit log or a terminal:
 * the credential flags (global, and `config set-credentials`'s own), `create secret` literal
 * values, and `--from-literal`/`--docker-password`-style values. Flag forms are kubectl's:
 * `--token=x`, `--token x`; values of the secret-carrying literals keep their key.
 */
export const REDACTED = '[REDACTED]';

/** Flags whose whole value is a secret. */
const SECRET_FLAGS = new Set([
  'token',
  'password',
  'username',
  'client-key',
  'docker-password',
  'auth-provider-arg',
  'exec-env',
  'client-key-data',
  'client-certificate-data',
  'certificate-authority-data',
  'token-data',
]);

/** Flags whose value is KEY=SECRET: the key stays (it explains the command), the value goes. */
const KEY_VALUE_FLAGS = new Set(['from-literal']);

function redactValue(flag: string, value: string): string {
  if (KEY_VALUE_FLAGS.has(flag)) {
    const eq = value.indexOf('=');
    return eq === -1 ? REDACTED : `${value.slice(0, eq)}=${REDACTED}`;
  }
  return REDACTED;
}

export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const match = /^--([\w-]+)(=(.*))?$/s.exec(arg);
    const flag = match?.[1];
    if (match && flag !== undefined && (SECRET_FLAGS.has(flag) || KEY_VALUE_FLAGS.has(flag))) {
      if (match[2] !== undefined) {
        out.push(`--${flag}=${redactValue(flag, match[3] ?? '')}`);
      } else {
        out.push(arg);
        if (i + 1 < argv.length) out.push(redactValue(flag, argv[++i] ?? ''));
      }
      continue;
    }
    out.push(arg);
  }
  return out;
}
