/**
 * An interactive shell session: reads lines from stdin and runs each. With a tty it is also the
 * terminal's line discipline, as a real pty in cooked mode would be: it prompts `# `, echoes
 * what is typed, and handles Enter (CR), backspace, Ctrl-C (discard the line), Ctrl-D (end on
 * an empty line) and skips escape sequences (arrow keys). Without a tty: no prompt, no echo.
 */
import type { Proc } from './process.js';

/** Thrown by the line runner when the shell's `exit` builtin runs. */
interface ExitLike {
  code: number;
}

function isExit(error: unknown): error is ExitLike {
  return error instanceof Error && error.name === 'ShellExit';
}

/** A terminal's line limit (MAX_CANON); without one, the most a line may hold. */
const MAX_TTY_LINE = 4095;
const MAX_LINE = 1024 * 1024;

export async function interactive(
  proc: Proc & { status: number },
  runLine: (line: string) => Promise<number>,
): Promise<number> {
  const prompt = (): void => {
    if (proc.tty) proc.out('# ');
  };
  prompt();
  let line = '';
  let escape = false;
  for (;;) {
    if (proc.signal.aborted) return proc.status;
    const chunk = await proc.stdin.read();
    if (!chunk) {
      // A last line without a newline still runs, as sh runs it at end of input.
      if (proc.tty || line === '') return proc.status;
      try {
        return await runLine(line);
      } catch (error) {
        if (isExit(error)) return error.code;
        throw error;
      }
    }
    const text = chunk.toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      if (escape) {
        // CSI sequences end with a byte in @–~; a lone ESC x is two bytes.
        if (c !== '[' && c >= '@' && c <= '~') escape = false;
        continue;
      }
      const enter = proc.tty ? c === '\r' || c === '\n' : c === '\n';
      if (enter) {
        if (proc.tty) proc.out('\n');
        // What was typed after this line is the next command's stdin (e.g. for `cat`).
        proc.stdin.unshift(Buffer.from(text.slice(i + 1), 'utf8'));
        try {
          proc.status = await runLine(line);
        } catch (error) {
          if (isExit(error)) return error.code;
          throw error;
        }
        line = '';
        prompt();
        break;
      }
      if (!proc.tty) {
        if (line.length >= MAX_LINE) {
          proc.err('sh: line too long\n');
          return 2;
        }
        line += c;
        continue;
      }
      if (c === '\x7f' || c === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          proc.out('\b \b');
        }
      } else if (c === '\x03') {
        proc.out('^C\n');
        line = '';
        prompt();
      } else if (c === '\x04') {
        if (line === '') return proc.status;
      } else if (c === '\x1b') {
        escape = true;
      } else if ((c >= ' ' || c === '\t') && line.length < MAX_TTY_LINE) {
        line += c;
        proc.out(c);
      }
    }
  }
}
