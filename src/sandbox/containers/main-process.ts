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
  private started: Promise<number> | undefined;
  private readonly onExit: ((code: number) => void)[] = [];

  constructor(
    private readonly run: MainRunner,
    private readonly tty: boolean,
    private readonly stdinOnce: boolean,
  ) {}

  /** Called with the exit code when the process ends. */
  whenExited(handler: (code: number) => void): void {
    this.onExit.push(handler);
  }

  /** Starts the process once its first client is attached, so that client sees all output. */
  private start(): Promise<number> {
    if (this.started) return this.started;
    const broadcast =
      (pick: (io: ProcessStreams) => Writable | undefined): Output =>
      (data) => {
        for (const io of this.sessions) writerFor(pick(io), this.tty)(data);
      };
    this.started = this.run(
      this.stdin,
      broadcast((io) => io.stdout),
      broadcast((io) => (this.tty ? io.stdout : io.stderr)),
    );
    this.started.then(
      (code) => this.onExit.forEach((handler) => handler(code)),
      // A program that threw (a sandbox bug) ends the container as a crash would.
      () => this.onExit.forEach((handler) => handler(128)),
    );
    return this.started;
  }

  /** Resolves when the process exits, or this client detaches (its output closes). */
  attach(io: ProcessStreams): Promise<ExitStatus> {
    this.sessions.add(io);
    const exited = this.start();
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
      exited.then(
        () => detach({ code: 0 }),
        (error: unknown) => detach({ failure: `Internal error occurred: ${String(error)}` }),
      );
    });
  }
}
