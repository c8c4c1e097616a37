/**
 * rules/compiled.json: the shipped rules already parsed and checked, so that a command does
 * not pay for parsing YAML on every call (the largest part of `iddio classify`'s start-up).
 * It is used only when it was built from exactly the shipped YAML files being loaded: its
 * sha256 covers every file's name and bytes. Any edit to rules/*.yaml makes it stale, and
 * the YAML is then parsed as usual. It lives beside the shipped rules, never in $IDDIO_HOME,
 * so it is exactly as trusted as they are. Regenerate with:
 *   npx tsx src/classify/compile-rules.ts
 */
import { createHash } from 'node:crypto';
import { parseRawRules, type RawRule } from './rules.js';

export const COMPILED_FILE = 'compiled.json';
/** Bumped when RawRule's shape or the checking changes, so an old file is never trusted. */
const SCHEMA = 1;

export interface ShippedFile {
  /** The file's name inside the shipped rules directory. */
  name: string;
  text: string;
}

export interface CompiledRules {
  schema: number;
  sha256: string;
  files: { name: string; rules: RawRule[] }[];
}

export function shippedHash(files: readonly ShippedFile[]): string {
  const hash = createHash('sha256');
  hash.update(`iddio-rules/${SCHEMA}\n`);
  for (const file of files) {
    hash.update(`${file.name}\n${Buffer.byteLength(file.text)}\n`);
    hash.update(file.text);
  }
  return hash.digest('hex');
}

/** The compiled form of the shipped files (checks them as the YAML path would). */
export function compileShipped(files: readonly ShippedFile[]): CompiledRules {
  return {
    schema: SCHEMA,
    sha256: shippedHash(files),
    files: files.map((f) => ({ name: f.name, rules: parseRawRules(f.text, f.name) })),
  };
}

/** The raw rules per file when `json` was compiled from exactly these files; else undefined. */
export function useCompiled(
  json: string | undefined,
  files: readonly ShippedFile[],
): CompiledRules['files'] | undefined {
  if (json === undefined) return undefined;
  let compiled: Partial<CompiledRules>;
  try {
    compiled = JSON.parse(json) as Partial<CompiledRules>;
  } catch {
    return undefined;
  }
  if (compiled.schema !== SCHEMA || compiled.sha256 !== shippedHash(files)) return undefined;
  const names = compiled.files?.map((f) => f.name);
  if (JSON.stringify(names) !== JSON.stringify(files.map((f) => f.name))) return undefined;
  return compiled.files;
}
