import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  matchLabels,
  parseLabelSelector,
  SelectorError,
} from '../../src/sandbox/selectors/labels.js';
import { matchFields, parseFieldSelector } from '../../src/sandbox/selectors/fields.js';

const piece = fc.constantFrom(
  'app',
  'a/b',
  'x.io/y',
  '=',
  '==',
  '!=',
  '!',
  ',',
  '(',
  ')',
  ' ',
  'in',
  'notin',
  '>',
  '<',
  '1',
  '-',
  '\\',
  '\0',
  'é',
  'metadata.name',
  'status.phase',
);
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
);

test('any label selector text parses or fails with SelectorError; a parsed one matches without error', () => {
  fc.assert(
    fc.property(
      text,
      fc.dictionary(fc.constantFrom('app', 'x.io/y', 'in'), fc.constantFrom('', '1', 'web')),
      (t, labels) => {
        try {
          const sel = parseLabelSelector(t);
          assert.equal(typeof matchLabels(sel, labels), 'boolean');
        } catch (err) {
          assert.ok(err instanceof SelectorError, `unexpected ${String(err)}`);
        }
      },
    ),
    { numRuns: 500 },
  );
});

test('any field selector text parses or fails with SelectorError, also when matched', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    status: { phase: 'Running' },
  };
  fc.assert(
    fc.property(text, (t) => {
      try {
        assert.equal(typeof matchFields(parseFieldSelector(t), pod), 'boolean');
      } catch (err) {
        assert.ok(err instanceof SelectorError, `unexpected ${String(err)}`);
      }
    }),
    { numRuns: 500 },
  );
});
