/**
 * The seam between how a client reaches a container (WebSocket channels, SPDY streams, a
 * tunnel of one in the other) and what the sandbox's containers do. A transport turns its
 * wire into these streams; the runtime never knows which wire it was.
 */
import type { Duplex, Readable, Writable } from 'node:stream';

export interface TerminalSize {
  width: number;
  height: number;
}

/** What a process in a container is given by `exec` or `attach`. */
export interface ProcessStreams {
  /** Present only when the client asked for stdin; ends when the client closes it. */
  stdin?: Readable;
  stdout?: Writable;
  /** Absent with a tty: the terminal merges it into stdout, as a real one does. */
  stderr?: Writable;
  tty: boolean;
  /** Calls the handler on each terminal size the client sends (tty only). */
  onResize?: (handler: (size: TerminalSize) => void) => void;
}

/** How a process ended: an exit code, or a reason it never ran (the API server's Failure). */
export type ExitStatus = { code: number } | { failure: string };

export interface ContainerTarget {
  namespace: string;
  pod: string;
  /** Omitted: the pod's default container, as the API server picks it. */
  container?: string;
}

/** What the transports call. One instance per sandbox, over its store. */
export interface ContainerRuntime {
  exec(
    target: ContainerTarget,
    command: readonly string[],
    io: ProcessStreams,
  ): Promise<ExitStatus>;
  attach(target: ContainerTarget, io: ProcessStreams): Promise<ExitStatus>;
  /** A connection to a port of the pod: the built-in echo listener, or why there is none. */
  connect(target: ContainerTarget, port: number): Duplex | { failure: string };
}
