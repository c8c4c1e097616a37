/**
 * Writes rules/compiled.json from rules/*.yaml (see compiled.ts). Not part of the bundle:
 *   npx tsx src/classify/compile-rules.ts [rules-dir]
 * test/classify/compiled.test.ts fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { COMPILED_FILE, compileShipped } from './compiled.js';
import { readShipped, shippedRulesDir } from './load.js';

const dir = process.argv[2] ?? shippedRulesDir();
const compiled = compileShipped(readShipped(dir));
const path = join(dir, COMPILED_FILE);
// Formatted with the project's Prettier settings wherever the file is written.
const options = (await resolveConfig(join(shippedRulesDir(), COMPILED_FILE))) ?? {};
writeFileSync(path, await format(JSON.stringify(compiled), { ...options, filepath: path }));
const count = compiled.files.reduce((n, f) => n + f.rules.length, 0);
process.stdout.write(`wrote ${path}: ${count} rules\n`);
