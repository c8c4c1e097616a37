/**
 * A real pseudo-terminal for the approval tests: each TmuxPane runs one shell script in a
 * private tmux server (its own socket, no user config), so the command has a controlling
 * terminal that is not the test runner's. Keys go in with send-keys; the screen comes back
 * with capture-pane. Every wait is bounded; a missing tmux fails loudly, never skips.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

export function requireTmux(): void {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'tmux is required by the approval tests (they drive the /dev/tty prompt through a real ' +
        'pseudo-terminal): install it, e.g. apt-get install -y tmux',
    );
  }
}

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export class TmuxPane {
  private constructor(
    readonly dir: string,
    private readonly socket: string,
  ) {}

  /**
   * Runs `command` (a shell command line) with `env` exported. Its stdout and stderr go to
   * files (so the pane shows only what iddio writes to /dev/tty); its exit status is written
   * to a file when it ends.
   */
  static start(command: string, env: Record<string, string>, size = { x: 200, y: 50 }): TmuxPane {
    requireTmux();
    const dir = tempDir('iddio-tmux-');
    const script = [
      ...Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
      `${command} >${shellQuote(join(dir, 'stdout'))} 2>${shellQuote(join(dir, 'stderr'))}`,
      `echo $? >${shellQuote(join(dir, 'exit'))}.tmp && mv ${shellQuote(join(dir, 'exit'))}.tmp ${shellQuote(join(dir, 'exit'))}`,
      'sleep 60',
    ].join('\n');
    writeFileSync(join(dir, 'run.sh'), `${script}\n`);
    const pane = new TmuxPane(dir, join(dir, 'sock'));
    pane.tmux([
      'new-session',
      '-d',
      '-s',
      'p',
      '-x',
      String(size.x),
      '-y',
      String(size.y),
      `sh ${shellQuote(join(dir, 'run.sh'))}`,
    ]);
    return pane;
  }

  private tmux(args: string[]): string {
    const result = spawnSync('tmux', ['-f', '/dev/null', '-S', this.socket, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', HOME: this.dir },
      timeout: 5_000,
    });
    if (result.status !== 0) {
      throw new Error(`tmux ${args[0]} failed: ${result.stderr || String(result.error)}`);
    }
    return result.stdout;
  }

  /** The screen as text; with `escapes`, with its colours and attributes as SGR sequences. */
  capture(escapes = false): string {
    return this.tmux(['capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'p']);
  }

  title(): string {
    return this.tmux(['display-message', '-p', '-t', 'p', '#{pane_title}']).trim();
  }

  /** send-keys words: literal text, or tmux key names such as Enter and C-c. */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'p', ...keys]);
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.capture();
      if (pattern.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `the pane never showed ${String(pattern)}; it shows:\n${screen}\nstderr: ${this.stderr()}`,
    );
  }

  async exitCode(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        return Number(readFileSync(join(this.dir, 'exit'), 'utf8').trim());
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`the command did not end within ${timeoutMs} ms; pane:\n${this.capture()}`);
  }

  stdout(): string {
    return readText(join(this.dir, 'stdout'));
  }

  stderr(): string {
    return readText(join(this.dir, 'stderr'));
  }

  kill(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server'], { timeout: 5_000 });
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
