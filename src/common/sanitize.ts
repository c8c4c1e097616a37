/**
 * Terminal control characters in text that came from a cluster or an agent could clear a
 * screen, move the cursor, rewrite a window title or hide text from the human reading it.
 * Everything such text passes through before it is printed is stripped here.
 */

// ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte escapes.
const ESCAPE_SEQUENCE =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
/**
 * Characters that are invisible or change how the text around them reads, so a value can look
 * like another (`a\u200bpi` as `api`) or hide part of itself: Unicode's format characters (Cf:
 * zero-width spaces and joiners, bidi marks, U+061C, U+FEFF, tags…), every Default_Ignorable
 * code point (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, variation selectors, U+034F…),
 * and the line and paragraph separators U+2028/U+2029.
 */
const INVISIBLE = '\\p{Cf}\\p{Default_Ignorable_Code_Point}\\u2028\\u2029';
// C0 controls except tab and newline, DEL, C1 controls, and the invisible characters above.
const CONTROL_KEEP_LINES = new RegExp(
  `[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${INVISIBLE}]`,
  'gu',
);
const CONTROL_ALL = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]`, 'gu');

/** Matches one invisible character (for callers that escape rather than strip). */
export const INVISIBLE_CHAR = new RegExp(`[${INVISIBLE}]`, 'u');

/** Strips control characters; keeps `\n` and `\t` (for multi-line output such as logs). */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_KEEP_LINES, '');
}

/** Strips every control character, newlines included: for one-line values in prompts and tables. */
export function stripControlLine(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_ALL, '');
}
