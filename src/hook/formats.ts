/**
 * The hook protocols of the agent tools iddio ships a hook for, each as its documentation
 * gives it (docs/agents.md links them):
 *
 * - claude-code: a PreToolUse command hook. stdin is one JSON object with `tool_name` and
 *   `tool_input`; for the Bash tool `tool_input.command` is the command line. Exit 2 blocks
 *   the call and its stderr is shown to the model; exit 0 lets it through. (Any other exit
 *   status does not block, so every failure here is exit 2.)
 * - cursor: a beforeShellExecution hook. stdin is one JSON object with `command`; stdout is
 *   `{"permission": "allow" | "deny", "user_message", "agent_message"}`.
 *
 * Input that cannot be read is refused: a guard that fails open is no guard.
 */
import type { HookVerdict } from './plain-kubectl.js';

export interface HookReply {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type HookTool = 'claude-code' | 'cursor';
export const HOOK_TOOLS: readonly HookTool[] = ['claude-code', 'cursor'];

/** The command line the tool asks about; null when the call is not a shell command. */
export function commandOf(tool: HookTool, input: unknown): string | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new Error('the hook input is not a JSON object');
  const record = input as Record<string, unknown>;
  if (tool === 'claude-code') {
    if (record.tool_name !== 'Bash') return null;
    const toolInput = record.tool_input as Record<string, unknown> | undefined;
    if (typeof toolInput?.command !== 'string')
      throw new Error('tool_input.command is missing from a Bash call');
    return toolInput.command;
  }
  if (typeof record.command !== 'string') throw new Error('"command" is missing');
  return record.command;
}

export function reply(tool: HookTool, verdict: HookVerdict): HookReply {
  const message = verdict.message ?? '';
  if (tool === 'claude-code') {
    return verdict.allowed
      ? { exitCode: 0, stdout: '', stderr: '' }
      : { exitCode: 2, stdout: '', stderr: `${message}\n` };
  }
  const body = verdict.allowed
    ? { permission: 'allow' }
    : { permission: 'deny', user_message: message, agent_message: message };
  return { exitCode: 0, stdout: `${JSON.stringify(body)}\n`, stderr: '' };
}

/** The whole hook: stdin text in, the reply out. */
export function runHook(
  tool: HookTool,
  stdin: string,
  judge: (line: string) => HookVerdict,
): HookReply {
  let line: string | null;
  try {
    line = commandOf(tool, JSON.parse(stdin) as unknown);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return reply(tool, {
      allowed: false,
      message: `iddio hook ${tool}: the hook input could not be read (${why}), so the call is refused`,
    });
  }
  return line === null ? reply(tool, { allowed: true }) : reply(tool, judge(line));
}
