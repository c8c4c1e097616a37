import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripControl, stripControlLine } from '../../src/common/sanitize.js';

test('stripControl removes CSI, OSC and bare control characters but keeps newlines', () => {
  const hostile = 'api\u001b[2J\u001b[H-7d\u001b]0;owned\u0007\u0008x\u009b31m\nnext\tcol';
  assert.equal(stripControl(hostile), 'api-7dx31m\nnext\tcol');
});

test('stripControlLine also removes newlines and bidi overrides', () => {
  assert.equal(stripControlLine('a\nb\r\u202ec'), 'abc');
});
