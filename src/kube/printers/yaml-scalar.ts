/**
 * How go-yaml v2 (behind kubectl's `-o yaml`, via sigs.k8s.io/yaml) decides to write a
 * string: plain, 'single', "double" or a |literal block. Two steps, as in go-yaml: a string
 * that would read back as another type (true, 80, 1.5, 2024-01-01, null, ~) is double-quoted;
 * then the emitter's analysis of indicator, space and break characters may force quoting.
 */
import { isBidiControl } from '../../common/terminal-json.js';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

const RESOLVE_MAP = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'true',
  'True',
  'TRUE',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
  'false',
  'False',
  'FALSE',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?))?$/;
const GO_FLOAT_WORDS = /^[-+]?(inf|infinity|nan)$/i;

/** True when go-yaml would read the plain text back as something other than a string. */
export function resolvesToNonString(text: string): boolean {
  if (RESOLVE_MAP.has(text)) return true;
  const first = text[0] ?? '';
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) || GO_FLOAT_WORDS.test(text);
  if (/[0-9+-]/.test(first)) {
    if (/[0-9]/.test(first) && TIMESTAMP.test(text)) return true;
    const plain = text.replace(/_/g, '');
    if (GO_INT.test(plain) || YAML_FLOAT.test(plain)) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
  }
  return false;
}

const isBreak = (c: number): boolean =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
/**
 * go-yaml's printable set, less the bidi overrides/isolates: go-yaml writes those raw, we
 * force double quotes and escape them (\u202E) so cluster data cannot reorder what a human
 * reads — the one deliberate difference from kubectl here (docs/kubectl-compat.md).
 */
export const isPrintable = (c: number): boolean =>
  (c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)) &&
  !isBidiControl(c);

interface Analysis {
  blockPlainAllowed: boolean;
  singleAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(text: string): Analysis {
  if (text.length === 0)
    return { blockPlainAllowed: true, singleAllowed: true, blockAllowed: false };
  const chars = [...text];
  let flowIndicators = false;
  let blockIndicators = false;
  if (text.startsWith('---') || text.startsWith('...')) {
    flowIndicators = true;
    blockIndicators = true;
  }
  let specialCharacters = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const followedByWhitespace =
      next === undefined || next === ' ' || next === '\t' || isBreak(next.codePointAt(0) ?? 0);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(ch)) {
      flowIndicators = true;
    } else if (ch === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (!isPrintable(code)) specialCharacters = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(code)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreak(code) || code === 0;
  });
  let blockPlainAllowed = true;
  let singleAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  void flowIndicators; // only matters in flow context, which block output never enters
  return { blockPlainAllowed, singleAllowed, blockAllowed };
}

/** The style go-yaml v2 writes a string in, in block context; `simpleKey` for mapping keys. */
export function scalarStyle(text: string, simpleKey: boolean): ScalarStyle {
  let style: ScalarStyle;
  const canUsePlain = !resolvesToNonString(text) && !BASE60_FLOAT.test(text);
  if (text.includes('\n')) style = 'literal';
  else if (canUsePlain) style = 'plain';
  else style = 'double';
  const analysis = analyze(text);
  if (style === 'plain') {
    if (!analysis.blockPlainAllowed || (text.length === 0 && simpleKey)) style = 'single';
  }
  if (style === 'single' && !analysis.singleAllowed) style = 'double';
  if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
  return style;
}
