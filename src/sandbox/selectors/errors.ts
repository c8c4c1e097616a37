/**
 * A label or field selector the API server would reject. The server answers it with a 400
 * `Status` (reason BadRequest) whose message is this error's message, worded as
 * k8s.io/apimachinery words it so kubectl users see the text they know.
 */
export class SelectorError extends Error {
  readonly code = 'selector';
  readonly reason = 'BadRequest' as const;

  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** Go's `%q` for a string: double-quoted with Go's escapes (close to JSON, not identical). */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}
