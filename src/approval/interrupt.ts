/**
 * Ctrl-C (and a terminating signal) while a command waits for a human means "no": the wait
 * ends, the channel answers declined, and the pipeline records it. Listening here also keeps
 * Node's default handler — which would kill the process before anything is audited — away.
 */
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => controller.abort(name);
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) process.removeListener(name, onSignal);
    },
  };
}
