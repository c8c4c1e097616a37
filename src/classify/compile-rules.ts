/**
 * Writes rules/compiled.json from rules/*.yaml (see compiled.ts). Not part of the bundle:
 *   npx tsx src/classify/compile-rules.ts
 * test/classify/compiled.test.ts fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { COMPILED_FILE, compileShipped } from './compiled.js';
import { readShipped, shippedRulesDir } from './load.js';

const dir = shippedRulesDir();
const compiled = compileShipped(readShipped(dir));
const path = join(dir, COMPILED_FILE);
const options = (await resolveConfig(path)) ?? {};
writeFileSync(path, await format(JSON.stringify(compiled), { ...options, filepath: path }));
const count = compiled.files.reduce((n, f) => n + f.rules.length, 0);
process.stdout.write(`wrote ${path}: ${count} rules\n`);
