/**
 * The decision of `iddio hook <tool>`: does a shell command line run kubectl other than through
 * iddio? `iddio kubectl …` passes; so does `kubectl` when it resolves to iddio's own shim
 * (`iddio shim install`). Plain kubectl, a kubectl plugin, a path to kubectl, or an alias that
 * names it is refused, with the line to run instead.
 */
import { stripControlLine } from '../common/sanitize.js';
import { simpleCommands, type SimpleCommand } from './shell-commands.js';

export interface HookVerdict {
  allowed: boolean;
  /** For a refusal: one line for the agent (and the human watching). */
  message?: string;
}

/** True when `program` (as written in the command) resolves to iddio itself. */
export type IsIddio = (program: string) => boolean;

function isKubectl(program: string): boolean {
  const name = program.slice(program.lastIndexOf('/') + 1);
  return name === 'kubectl' || name === 'kubectl.exe' || name.startsWith('kubectl-');
}

function offending(command: SimpleCommand, isIddio: IsIddio): boolean {
  if (command.program === '<too deeply nested>') return true;
  if (command.program === 'alias') return command.args.some((a) => /(^|=)\s*kubectl\b/.test(a));
  return isKubectl(command.program) && !isIddio(command.program);
}

export function judgeShellCommand(line: string, isIddio: IsIddio): HookVerdict {
  const found = simpleCommands(line).find((command) => offending(command, isIddio));
  if (!found) return { allowed: true };
  const args = stripControlLine(found.args.join(' '));
  const instead = `iddio kubectl ${args.length > 100 ? `${args.slice(0, 99)}…` : args}`.trimEnd();
  return {
    allowed: false,
    message:
      `iddio: plain kubectl is not allowed here; run \`${instead}\` instead (same arguments: ` +
      'iddio identifies you, asks a human for risky commands and records every call).',
  };
}
