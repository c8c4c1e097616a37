/**
 * JSON that is safe to print to a terminal yet still carries the same data. JSON.stringify
 * escapes C0 controls (so ESC cannot start a sequence) but writes DEL, the C1 controls
 * (U+0080–U+009F: U+009B is an 8-bit CSI to many terminals) and the Unicode bidi
 * overrides/isolates (which reorder what a human reads) raw. Those are escaped here as
 * `\uXXXX`, which any JSON parser reads back as the original string; unlike stripControl,
 * nothing is lost, so machine consumers of `--json` see exactly what the cluster or agent sent.
 */

import { INVISIBLE_CHAR } from './sanitize.js';

/**
 * Characters a terminal may act on, or that change how surrounding text reads: DEL, C1, and
 * the invisible characters stripControl removes elsewhere (format characters — the bidi
 * embeddings/overrides and isolates among them —, default-ignorable code points, U+2028/U+2029).
 */
export const TERMINAL_UNSAFE = new RegExp(`[\\u007f-\\u009f]|${INVISIBLE_CHAR.source}`, 'gu');

/** `\uXXXX` per UTF-16 code unit, so a character above U+FFFF becomes a valid surrogate pair. */
export const escapeChar = (ch: string): string =>
  Array.from(
    { length: ch.length },
    (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`,
  ).join('');

/** The bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
export function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** True for a character (by code point) escapeTerminalUnsafeJson would escape. */
export function isTerminalUnsafe(code: number): boolean {
  if (code < 0x7f) return false;
  if (code <= 0x9f) return true;
  return INVISIBLE_CHAR.test(String.fromCodePoint(code));
}

/**
 * Escapes the terminal-unsafe characters of already-serialised JSON text. Safe on any
 * JSON.stringify output: these characters can only occur inside string literals there,
 * where `\uXXXX` means the same character.
 */
export function escapeTerminalUnsafeJson(json: string): string {
  return json.replace(TERMINAL_UNSAFE, escapeChar);
}

/** JSON.stringify(value, null, indent) with terminal-unsafe characters escaped as `\uXXXX`. */
export function toTerminalJson(value: unknown, indent?: number | string): string {
  const json = JSON.stringify(value, null, indent) as string | undefined;
  // JSON.stringify(undefined) is undefined; print JSON's null rather than the text "undefined".
  return json === undefined ? 'null' : escapeTerminalUnsafeJson(json);
}
