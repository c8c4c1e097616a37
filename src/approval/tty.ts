/**
 * The controlling terminal, opened by path. stdin belongs to the agent (it can pipe "y" into
 * it), so the human is only ever asked on /dev/tty — and only when this process is in the
 * terminal's foreground process group: a background reader would be stopped by SIGTTIN and
 * hang, so a backgrounded command counts as having no terminal.
 */
import { closeSync, constants, openSync, readFileSync, readSync } from 'node:fs';
import tty from 'node:tty';
import { Chalk, type ChalkInstance } from 'chalk';

export interface TtyStreams {
  input: tty.ReadStream;
  output: tty.WriteStream;
  /**
   * Drops whatever was typed (or injected) before now, so only keys pressed after the
   * question is on screen can answer it. Call it right before asking.
   */
  discardPendingInput(): void;
  close(): void;
}

/** Enough for any burst of typed-ahead keys; a terminal that never runs dry is cut off. */
const MAX_DISCARD_BYTES = 1 << 20;

/**
 * tcflush(TCIFLUSH) by hand (Node has no binding): switch the terminal out of canonical mode,
 * so a half-typed line becomes readable too, then read on a non-blocking descriptor of the
 * same terminal until nothing is left. The terminal's input queue is shared by every
 * descriptor open on it, so this empties the queue the prompt's own stream will read from;
 * that stream has not started reading (tty.ReadStream starts paused).
 */
function discardPending(input: tty.ReadStream, path: string): void {
  let fd: number | undefined;
  try {
    input.setRawMode(true);
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const buffer = Buffer.alloc(4096);
    for (let dropped = 0; dropped < MAX_DISCARD_BYTES;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n <= 0) break;
      dropped += n;
    }
  } catch {
    // EAGAIN: the queue is empty, which is the point. Anything else: nothing more to drop.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Linux: /proc/self/stat field 5 is our process group, field 8 the terminal's foreground group. */
function inForeground(): boolean {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return true; // No /proc (macOS): assume foreground, as most shells run us there.
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  const tpgid = Number(fields[5]);
  return !(tpgid > 0 && pgrp !== tpgid);
}

/** Opens /dev/tty for reading and writing; undefined when there is no usable terminal. */
export function openTty(path = '/dev/tty'): TtyStreams | undefined {
  let rfd: number | undefined;
  let wfd: number | undefined;
  try {
    rfd = openSync(path, 'r');
    wfd = openSync(path, 'w');
    if (!tty.isatty(rfd) || !inForeground()) throw new Error('not a usable terminal');
  } catch {
    if (rfd !== undefined) closeSync(rfd);
    if (wfd !== undefined) closeSync(wfd);
    return undefined;
  }
  const input = new tty.ReadStream(rfd);
  const output = new tty.WriteStream(wfd);
  return {
    input,
    output,
    discardPendingInput: () => discardPending(input, path),
    close() {
      try {
        input.setRawMode(false);
      } catch {
        // Already closed.
      }
      input.destroy();
      output.destroy();
    },
  };
}

/** Colour for text written to this terminal: NO_COLOR, FORCE_COLOR and TERM=dumb are honoured. */
export function ttyChalk(
  output: tty.WriteStream,
  env: Record<string, string | undefined>,
): ChalkInstance {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return new Chalk({ level: 0 });
  const depth = output.getColorDepth(env);
  const level = depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
  return new Chalk({ level });
}
