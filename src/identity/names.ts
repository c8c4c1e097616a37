/**
 * Agent names appear in the audit log, in prompts, in policy keys and in file names, so
 * they are kept to a small, printable alphabet: lowercase letters, digits, `.`, `_`, `-`,
 * starting and ending with a letter or digit, at most 63 characters.
 */
const AGENT_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;

export function isValidAgentName(name: string): boolean {
  return AGENT_NAME.test(name);
}

export const AGENT_NAME_RULE =
  'lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit, at most 63 characters';
