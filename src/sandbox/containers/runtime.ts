/**
 * The sandbox's container runtime (the ContainerRuntime the stream transports call): `exec`
 * runs a built-in program in a pod's container, `attach` joins its main process, `connect`
 * reaches a built-in echo listener on a declared container port. No real process runs; each
 * container has its own in-memory files for as long as its pod exists.
 */
import { PassThrough, type Duplex } from 'node:stream';
import { hashSuffix } from '../names.js';
import type { SandboxState } from '../state.js';
import { ApiError } from '../status.js';
import type {
  ContainerRuntime,
  ContainerTarget,
  ExitStatus,
  ProcessStreams,
} from '../streams/types.js';
import { MemoryFs } from './fs.js';
import { drainedFor, sessionSignal, writerFor } from './io.js';
import { containerExited } from './lifecycle.js';
import { MainProcess } from './main-process.js';
import { Input, type Output, type Proc } from './process.js';
import { findProgram } from './shell.js';
import { PODS, resolveContainer, type ResolvedContainer, type StreamKind } from './target.js';

type Obj = Record<string, unknown>;

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The container's environment: PATH and HOSTNAME, its spec's `env`, then the API service's. */
export function containerEnv(resolved: ResolvedContainer, tty: boolean): Map<string, string> {
  const env = new Map<string, string>([
    ['PATH', PATH],
    ['HOSTNAME', resolved.pod.metadata.name ?? ''],
  ]);
  if (tty) env.set('TERM', 'xterm');
  const entries = Array.isArray(resolved.spec.env) ? (resolved.spec.env as Obj[]) : [];
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? entry.name : undefined;
    if (!name) continue;
    // valueFrom (secrets, config maps, the downward API) is not resolved: the name is set empty.
    env.set(name, typeof entry.value === 'string' ? entry.value : '');
  }
  env.set('KUBERNETES_SERVICE_HOST', '10.96.0.1');
  env.set('KUBERNETES_SERVICE_PORT', '443');
  env.set('HOME', '/root');
  return env;
}

/** The API server's words for a program that is not in the image. */
function notInPath(resolved: ResolvedContainer, word: string): string {
  const id = hashSuffix(`${resolved.pod.metadata.uid ?? ''}/${word}`, 16);
  return (
    'Internal error occurred: error executing command in container: failed to exec in ' +
    `container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to ` +
    `start container process: exec: "${word}": executable file not found in $PATH: unknown`
  );
}

export class SandboxRuntime implements ContainerRuntime {
  private readonly files = new Map<string, MemoryFs>();
  private readonly mains = new Map<string, { main: MainProcess; stop: AbortController }>();
  private readonly stopping = new AbortController();
  private readonly unsubscribe: () => void;

  constructor(private readonly state: SandboxState) {
    // A deleted pod takes its files and processes with it.
    this.unsubscribe = state.store.subscribe((event) => {
      if (event.resourceKey !== PODS || event.type !== 'DELETED') return;
      this.forget(event.object.metadata.uid ?? '');
    });
  }

  /** Checks a stream request before any upgrade: throws the API server's Status error. */
  check(target: ContainerTarget, kind: StreamKind): void {
    resolveContainer(this.state, target, kind);
  }

  stop(): void {
    this.stopping.abort();
    this.unsubscribe();
  }

  async exec(
    target: ContainerTarget,
    command: readonly string[],
    io: ProcessStreams,
  ): Promise<ExitStatus> {
    const resolved = this.resolve(target, 'exec');
    if ('failure' in resolved) return resolved;
    const program = command[0] === undefined ? undefined : findProgram(command[0]);
    if (!program) return { failure: notInPath(resolved, command[0] ?? '') };
    const { signal, release } = sessionSignal(io, this.stopping.signal);
    try {
      const out = writerFor(io.stdout, io.tty);
      const err = io.tty ? out : writerFor(io.stderr, false);
      const proc = this.proc(
        resolved,
        command.slice(1),
        new Input(io.stdin),
        out,
        err,
        signal,
        io.tty,
      );
      proc.drained = drainedFor(io.stdout);
      const code = await program(proc);
      return { code };
    } catch (error) {
      return { failure: `Internal error occurred: ${(error as Error).message}` };
    } finally {
      release();
    }
  }

  attach(target: ContainerTarget, io: ProcessStreams): Promise<ExitStatus> {
    const resolved = this.resolve(target, 'attach');
    if ('failure' in resolved) return Promise.resolve(resolved);
    const key = `${resolved.pod.metadata.uid ?? ''}/${resolved.name}`;
    const running = this.mains.get(key) ?? this.startMain(resolved, key);
    return running.main.attach(io);
  }

  connect(target: ContainerTarget, port: number): Duplex | { failure: string } {
    const resolved = this.resolve(target, 'portforward');
    if ('failure' in resolved) return resolved;
    const containers = ((resolved.pod.spec as Obj | undefined)?.containers ?? []) as Obj[];
    const declared = containers.some((c) =>
      ((c.ports ?? []) as Obj[]).some((p) => p.containerPort === port),
    );
    if (!declared) {
      return {
        failure:
          `error forwarding port ${port} to pod ${resolved.pod.metadata.uid ?? ''}, uid : ` +
          `failed to connect to localhost:${port} inside the pod: connect: connection refused`,
      };
    }
    // The built-in listener echoes what it is sent.
    return new PassThrough();
  }

  private resolve(
    target: ContainerTarget,
    kind: StreamKind,
  ): ResolvedContainer | { failure: string } {
    try {
      return resolveContainer(this.state, target, kind);
    } catch (error) {
      if (error instanceof ApiError) return { failure: error.message };
      throw error;
    }
  }

  private fsFor(resolved: ResolvedContainer): MemoryFs {
    const key = `${resolved.pod.metadata.uid ?? ''}/${resolved.name}`;
    let fs = this.files.get(key);
    if (!fs) {
      fs = new MemoryFs(resolved.pod.metadata.name ?? '', this.state.now);
      this.files.set(key, fs);
    }
    return fs;
  }

  private proc(
    resolved: ResolvedContainer,
    args: string[],
    stdin: Input,
    out: Output,
    err: Output,
    signal: AbortSignal,
    tty: boolean,
  ): Proc {
    const workingDir = resolved.spec.workingDir;
    return {
      args,
      env: containerEnv(resolved, tty),
      fs: this.fsFor(resolved),
      cwd: typeof workingDir === 'string' && workingDir.startsWith('/') ? workingDir : '/',
      stdin,
      out,
      err,
      tty,
      signal,
      drained: () => Promise.resolve(),
    };
  }

  private startMain(
    resolved: ResolvedContainer,
    key: string,
  ): { main: MainProcess; stop: AbortController } {
    const spec = resolved.spec;
    const given = [spec.command, spec.args].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
    // No command: the image's own entrypoint. One asked for stdin (`kubectl debug -it`,
    // `run -it` without a command) is taken to be a shell, as busybox's and alpine's are;
    // any other is a server with nothing to say.
    const words = given.length === 0 && spec.stdin === true ? ['sh'] : given;
    const tty = spec.tty === true;
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, this.stopping.signal]);
    const main = new MainProcess(
      async (stdinPipe, out, err) => {
        const stdin = spec.stdin === true ? new Input(stdinPipe) : Input.empty();
        const program = words[0] === undefined ? undefined : findProgram(words[0]);
        if (words.length === 0) {
          // The image's own entrypoint: a server with nothing to say, until the pod goes.
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          return 0;
        }
        if (!program) {
          err(`exec: "${words[0] ?? ''}": executable file not found in $PATH\n`);
          return 128;
        }
        return program(this.proc(resolved, words.slice(1), stdin, out, err, signal, tty));
      },
      tty,
      spec.stdinOnce === true,
    );
    const entry = { main, stop };
    this.mains.set(key, entry);
    const pod = resolved.pod.metadata;
    main.whenExited((code) => {
      this.mains.delete(key);
      if (signal.aborted) return;
      containerExited(
        this.state,
        pod.namespace ?? '',
        pod.name ?? '',
        pod.uid ?? '',
        resolved.name,
        resolved.ephemeral,
        code,
      );
    });
    return entry;
  }

  private forget(uid: string): void {
    for (const key of [...this.files.keys()]) if (key.startsWith(`${uid}/`)) this.files.delete(key);
    for (const [key, entry] of [...this.mains]) {
      if (!key.startsWith(`${uid}/`)) continue;
      entry.stop.abort();
      entry.main.stdin.end();
      this.mains.delete(key);
    }
  }
}
