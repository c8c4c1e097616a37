import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMPILED_FILE, compileShipped, useCompiled } from '../../src/classify/compiled.js';
import { readShipped, shippedRulesDir } from '../../src/classify/load.js';
import { compileRule, parseRuleFile } from '../../src/classify/rules.js';

const dir = shippedRulesDir();
const shipped = readShipped(dir);
const json = readFileSync(join(dir, COMPILED_FILE), 'utf8');

test('rules/compiled.json is current (else run: npx tsx src/classify/compile-rules.ts)', () => {
  const files = useCompiled(json, shipped);
  assert.ok(files, 'rules/compiled.json is stale');
  assert.deepEqual(files, compileShipped(shipped).files);
});

test('the compiled rules are the YAML rules', () => {
  const fromYaml = shipped.flatMap((f) => parseRuleFile(f.text, f.name, true));
  const fromJson = (useCompiled(json, shipped) ?? []).flatMap((f) =>
    f.rules.map((raw) => compileRule(raw, f.name, true)),
  );
  assert.deepEqual(fromJson, fromYaml);
  assert.ok(fromJson.length >= 30);
});

test('any change to the YAML, the file list or the schema makes the compiled file unused', () => {
  const edited = shipped.map((f, i) =>
    i === 0 ? { ...f, text: f.text.replace('tier: 0', 'tier: 4') } : f,
  );
  assert.equal(useCompiled(json, edited), undefined);
  assert.equal(useCompiled(json, shipped.slice(1)), undefined);
  assert.equal(
    useCompiled(json, [...shipped, { name: 'zz.yaml', text: 'rules: []\n' }]),
    undefined,
  );
  const renamed = shipped.map((f, i) => (i === 0 ? { ...f, name: 'other.yaml' } : f));
  assert.equal(useCompiled(json, renamed), undefined);
  assert.equal(useCompiled(json.replace('"schema": 1', '"schema": 2'), shipped), undefined);
  assert.equal(useCompiled('{not json', shipped), undefined);
  assert.equal(useCompiled(undefined, shipped), undefined);
});

test('the generator reproduces the committed file byte for byte', async () => {
  const { cpSync, readFileSync: read } = await import('node:fs');
  const { runProcess, tempDir, ROOT } = await import('../helpers/cli.js');
  const copy = join(tempDir('iddio-compile-'), 'rules');
  cpSync(dir, copy, { recursive: true });
  const r = await runProcess(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/classify/compile-rules.ts'), copy],
    { cwd: ROOT },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*compiled\.json: \d+ rules/);
  assert.equal(read(join(copy, COMPILED_FILE), 'utf8'), json);
});
