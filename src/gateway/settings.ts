/**
 * The policy and the rules the gateway decides with, re-read whenever one of their files
 * changes (a human edits policy.yaml, adds a rule file), and otherwise reused, so a request
 * pays no YAML parsing. A file that does not load is an error for every request until it is
 * fixed: the gateway refuses rather than decide without its policy.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules, type RuleSet } from '../classify/index.js';
import { builtinPolicy } from '../policy/default.js';
import { readPolicy } from '../policy/load.js';
import type { Policy } from '../policy/types.js';

export interface Settings {
  policy: Policy;
  rules: RuleSet;
}

export interface SettingsSource {
  /** Throws the loader's error (file and line) when the policy or a rule file is bad. */
  current(): Settings;
}

function stamp(path: string): string {
  try {
    const st = statSync(path);
    const own = `${path}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    if (!st.isDirectory()) return own;
    return [own, ...readdirSync(path).map((name) => stamp(join(path, name)))].join('|');
  } catch {
    return `${path}:absent`;
  }
}

export function settingsSource(paths: {
  policy: string;
  rulesDir: string;
  shippedRulesDir: string;
}): SettingsSource {
  let cached: { key: string; settings: Settings } | undefined;
  return {
    current() {
      const key = [stamp(paths.policy), stamp(paths.rulesDir)].join('#');
      if (cached?.key === key) return cached.settings;
      const settings: Settings = {
        policy: existsSync(paths.policy) ? readPolicy(paths.policy) : builtinPolicy(),
        rules: loadRules({ shippedDir: paths.shippedRulesDir, userDir: paths.rulesDir }),
      };
      cached = { key, settings };
      return settings;
    },
  };
}
