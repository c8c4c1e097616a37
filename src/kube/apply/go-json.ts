/**
 * Go's encoding/json output for an unstructured object, as kubectl writes the
 * last-applied-configuration annotation: map keys sorted (bytewise), `<`, `>`, `&`, U+2028 and
 * U+2029 escaped, and the Encoder's trailing newline.
 */
function encode(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${entries.map(([k, v]) => `${quote(k)}:${encode(v)}`).join(',')}}`;
  }
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? goNumber(value) : 'null';
  return JSON.stringify(value);
}

/** Go prints float64 with 'f' form below 1e21 and exponent form (e+21) above, like JS mostly. */
function goNumber(n: number): string {
  const s = String(n);
  return s.replace(/e\+?(\d)$/, 'e+0$1').replace(/e-(\d)$/, 'e-0$1');
}

function quote(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function goJson(value: unknown): string {
  return `${encode(value)}\n`;
}
