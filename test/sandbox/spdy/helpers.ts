/**
 * A test double of the container runtime for the SPDY transport's own tests: a few commands,
 * the terminal sizes it was told, and an echo listener on every port but 1.
 */
import { PassThrough, type Duplex } from 'node:stream';
import type {
  ContainerRuntime,
  ExitStatus,
  ProcessStreams,
  TerminalSize,
} from '../../../src/sandbox/streams/types.js';

export interface TestRuntime extends ContainerRuntime {
  resizes: TerminalSize[];
  connects: number[];
}

/**
 * `echo ARGS`, `err TEXT` (to stderr), `cat` (stdin to stdout), `exit N`, `size` (waits for the
 * terminal's size and prints it); anything else is a runtime failure.
 */
export function testRuntime(): TestRuntime {
  const resizes: TerminalSize[] = [];
  const connects: number[] = [];
  const run = async (command: readonly string[], io: ProcessStreams): Promise<ExitStatus> => {
    let sized: (size: TerminalSize) => void = () => undefined;
    const firstSize = new Promise<TerminalSize>((resolve) => (sized = resolve));
    io.onResize?.((size) => {
      resizes.push(size);
      sized(size);
    });
    const [name, ...args] = command;
    const write = (stream: NodeJS.WritableStream | undefined, text: string): Promise<void> =>
      new Promise((resolve) => (stream ? stream.write(text, () => resolve()) : resolve()));
    switch (name) {
      case 'echo':
        await write(io.stdout, `${args.join(' ')}\n`);
        return { code: 0 };
      case 'err':
        await write(io.stderr ?? io.stdout, `${args.join(' ')}\n`);
        return { code: 0 };
      case 'cat':
        if (io.stdin && io.stdout) {
          const stdout = io.stdout;
          await new Promise<void>((resolve) => {
            io.stdin!.on('end', resolve);
            io.stdin!.pipe(stdout, { end: false });
          });
        }
        return { code: 0 };
      case 'size': {
        const { width, height } = await firstSize;
        await write(io.stdout, `${width}x${height}\n`);
        return { code: 0 };
      }
      case 'exit':
        return { code: Number(args[0]) };
      default:
        return { failure: `executable file not found: ${name ?? ''}` };
    }
  };
  return {
    resizes,
    connects,
    exec: (_target, command, io) => run(command, io),
    attach: (_target, io) => run(['cat'], io),
    connect(_target, port): Duplex | { failure: string } {
      connects.push(port);
      if (port === 1) return { failure: 'error forwarding port 1 to pod toolbox: nothing listens' };
      return new PassThrough();
    },
  };
}
