/**
 * A container's main process (its spec `command` + `args`), started on the first `attach` so
 * what an attached client sees is deterministic. Clients attach and detach; its output goes
 * to every attached client, its stdin comes from theirs. With `stdinOnce` in the spec, stdin
 * closes when the first client's does, as the kubelet does it.
 */
import { PassThrough, type Writable } from 'node:stream';
import { writerFor } from './io.js';
import type { Output } from './process.js';
import type { ExitStatus, ProcessStreams } from '../streams/types.js';

export type MainRunner = (stdin: PassThrough, out: Output, err: Output) => Promise<number>;

export class MainProcess {
  private readonly sessions = new Set<ProcessStreams>();
  readonly stdin = new PassThrough();
  readonly exited: Promise<number>;

  constructor(
    run: MainRunner,
    private readonly tty: boolean,
    private readonly stdinOnce: boolean,
  ) {
    const broadcast =
      (pick: (io: ProcessStreams) => Writable | undefined): Output =>
      (data) => {
        for (const io of this.sessions) writerFor(pick(io), this.tty)(data);
      };
    this.exited = run(
      this.stdin,
      broadcast((io) => io.stdout),
      broadcast((io) => (this.tty ? io.stdout : io.stderr)),
    );
  }

  /** Resolves when the process exits, or this client detaches (its output closes). */
  attach(io: ProcessStreams): Promise<ExitStatus> {
    this.sessions.add(io);
    const input = io.stdin;
    const onEnd = (): void => {
      if (this.stdinOnce) this.stdin.end();
    };
    if (input) {
      input.pipe(this.stdin, { end: false });
      input.once('end', onEnd);
    }
    return new Promise((resolve) => {
      const detach = (status: ExitStatus): void => {
        this.sessions.delete(io);
        if (input) {
          input.unpipe(this.stdin);
          input.off('end', onEnd);
        }
        io.stdout?.off('close', hangUp);
        resolve(status);
      };
      const hangUp = (): void => detach({ code: 0 });
      io.stdout?.once('close', hangUp);
      this.exited.then(
        () => detach({ code: 0 }),
        (error: unknown) => detach({ failure: `Internal error occurred: ${String(error)}` }),
      );
    });
  }
}
