/** `iddio hook <tool>`: reads the tool's hook JSON on stdin, answers in its protocol. */
import { readFileSync } from 'node:fs';
import { EXIT } from '../../../common/exit-codes.js';
import { UsageError } from '../../../common/errors.js';
import { findOnPath, realPath } from '../../../common/path-lookup.js';
import { HOOK_TOOLS, runHook, type HookTool } from '../../../hook/formats.js';
import { judgeShellCommand } from '../../../hook/plain-kubectl.js';
import { iddioEntry } from '../../../kubectl/real-kubectl.js';

export async function runHookCommand(tool: string): Promise<number> {
  if (!HOOK_TOOLS.includes(tool as HookTool))
    throw new UsageError(
      `unknown agent tool "${tool}"; iddio has hooks for ${HOOK_TOOLS.join(', ')}`,
    );
  let stdin = '';
  try {
    stdin = readFileSync(0, 'utf8');
  } catch {
    // an unreadable stdin is refused below like any input that does not parse
  }
  const self = iddioEntry();
  const isIddio = (program: string): boolean => {
    const path = program.includes('/') ? program : findOnPath(program, process.env.PATH);
    return path !== undefined && realPath(path) === self;
  };
  const answer = runHook(tool as HookTool, stdin, (line) => judgeShellCommand(line, isIddio));
  process.stdout.write(answer.stdout);
  process.stderr.write(answer.stderr);
  // Claude Code blocks on exit 2 only, which is also iddio's usage-error code.
  return answer.exitCode === 0 ? EXIT.ok : EXIT.usage;
}
