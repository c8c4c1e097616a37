/**
 * Invisible and look-alike characters (hostile-agent review): every format character (Cf),
 * default-ignorable code point and line/paragraph separator is stripped from text and flagged
 * in the approval prompt, and escaped (losslessly) in terminal JSON and YAML. The table names
 * the ones the review used; the walk covers every code point of those classes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chalk } from 'chalk';
import { promptLines } from '../../src/approval/prompt-view.js';
import type { ApprovalRequest } from '../../src/approval/types.js';
import { stripControl, stripControlLine } from '../../src/common/sanitize.js';
import { toTerminalJson } from '../../src/common/terminal-json.js';
import { goJsonString } from '../../src/kube/printers/json.js';
import { printYaml } from '../../src/kube/printers/yaml.js';

const NAMED: Array<[string, string]> = [
  ['ZERO WIDTH SPACE', '\u200b'],
  ['ZERO WIDTH NON-JOINER', '\u200c'],
  ['ZERO WIDTH JOINER', '\u200d'],
  ['LEFT-TO-RIGHT MARK', '\u200e'],
  ['RIGHT-TO-LEFT MARK', '\u200f'],
  ['ARABIC LETTER MARK', '\u061c'],
  ['LINE SEPARATOR', '\u2028'],
  ['PARAGRAPH SEPARATOR', '\u2029'],
  ['ZERO WIDTH NO-BREAK SPACE (BOM)', '\ufeff'],
  ['HANGUL CHOSEONG FILLER', '\u115f'],
  ['HANGUL JUNGSEONG FILLER', '\u1160'],
  ['HANGUL FILLER', '\u3164'],
  ['HALFWIDTH HANGUL FILLER', '\uffa0'],
  ['SOFT HYPHEN', '\u00ad'],
  ['COMBINING GRAPHEME JOINER', '\u034f'],
  ['MONGOLIAN VOWEL SEPARATOR', '\u180e'],
  ['WORD JOINER', '\u2060'],
  ['INVISIBLE SEPARATOR', '\u2063'],
  ['VARIATION SELECTOR-16', '\ufe0f'],
  ['INTERLINEAR ANNOTATION ANCHOR', '\ufff9'],
  ['RIGHT-TO-LEFT OVERRIDE', '\u202e'],
  ['FIRST STRONG ISOLATE', '\u2068'],
  ['TAG LATIN SMALL LETTER A', '\u{e0061}'],
  ['VARIATION SELECTOR-256', '\u{e01ef}'],
  ['SHORTHAND FORMAT LETTER OVERLAP', '\u{1bca0}'],
];

const request = (agent: string): ApprovalRequest => ({
  requestId: 'idd_01JQ2Z3X4Y5V6W7T8S9R000000',
  agent,
  identity: 'declared',
  argv: ['delete', 'pod', `a${agent}b`],
  namespace: 'payments',
  tier: 3,
  tierLabel: 'sensitive',
  rule: 'delete',
  timeoutMs: 60_000,
});

describe('invisible characters', () => {
  for (const [name, ch] of NAMED) {
    it(`${name} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) is stripped, flagged and escaped`, () => {
      const value = `a${ch}pi`;
      assert.equal(stripControlLine(value), 'api');
      assert.equal(stripControl(value), 'api');
      const lines = promptLines(request(`bot${ch}`), new Chalk({ level: 0 }), 30_000);
      const agentLine = lines.find((l) => l.trimStart().startsWith('agent'))!;
      assert.ok(!agentLine.includes(ch), agentLine);
      assert.match(agentLine, /bot \[control characters removed\]/);
      const commandLine = lines.find((l) => l.trimStart().startsWith('command'))!;
      assert.match(commandLine, /\[control characters removed\]/);
      for (const json of [toTerminalJson({ name: value }), `{"name":${goJsonString(value)}}`]) {
        assert.ok(!json.includes(ch), json);
        assert.deepEqual(JSON.parse(json), { name: value }, 'lossless');
      }
      const yaml = printYaml({ name: value });
      assert.ok(!yaml.includes(ch), yaml);
    });
  }

  it('every code point of Cf, Default_Ignorable_Code_Point, Zl and Zp is stripped and escaped', () => {
    const cls = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u;
    let count = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (!cls.test(ch)) continue;
      count++;
      assert.equal(stripControlLine(`x${ch}y`), 'xy', `U+${cp.toString(16)}`);
      assert.ok(!toTerminalJson(ch).includes(ch), `U+${cp.toString(16)} in JSON`);
    }
    assert.ok(count > 4000, `${count} code points walked`); // the tag and VS planes alone are 4,000+
  });

  it('keeps ordinary text, tabs and newlines, and visible non-ASCII', () => {
    assert.equal(
      stripControl('naïve café 日本 — ok\tcol\nnext'),
      'naïve café 日本 — ok\tcol\nnext',
    );
    assert.equal(toTerminalJson('日本'), '"日本"');
  });
});
