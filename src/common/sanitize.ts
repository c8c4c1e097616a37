/**
 * Terminal control characters in text that came from a cluster or an agent could clear a
 * screen, move the cursor, rewrite a window title or hide text from the human reading it.
 * Everything such text passes through before it is printed is stripped here.
 */

// ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte escapes.
const ESCAPE_SEQUENCE =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0 controls except tab and newline, DEL, C1 controls, and Unicode bidi overrides/isolates.
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Strips control characters; keeps `\n` and `\t` (for multi-line output such as logs). */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_KEEP_LINES, '');
}

/** Strips every control character, newlines included: for one-line values in prompts and tables. */
export function stripControlLine(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_ALL, '');
}
