import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRules, shippedRulesDir } from '../../src/classify/load.js';
import { ROOT } from '../helpers/cli.js';

test('docs/classification.md lists every shipped rule with its tier', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'classification.md'), 'utf8');
  for (const rule of loadRules({ shippedDir: shippedRulesDir() }).rules) {
    assert.match(doc, new RegExp(`\\|\\s*T${rule.tier}\\s*\\|\\s*\`${rule.id}\`\\s*\\|`), rule.id);
  }
});
