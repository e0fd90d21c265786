// Ctrl-C, SIGTERM and SIGHUP during a command (a terminal, `timeout`, systemd, Docker, Kubernetes):
// the first asks the run to stop after the requests in flight, the second (of any kind) aborts
// those requests, a third quits the process at once.

/** The signals that stop a command gracefully. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** One of `STOP_SIGNALS`. */
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** What the handler needs from the process; `process` itself fits. */
export interface SignalSource {
  on(event: StopSignal, listener: () => void): unknown;
  off(event: StopSignal, listener: () => void): unknown;
}

/** What to do on each signal, given the one that came; each hook runs before the signal it comes with is aborted. */
export interface InterruptHooks {
  onFirst?(signal: StopSignal): void;
  onSecond?(signal: StopSignal): void;
  /** A third signal and any later one (this should exit). */
  onLater?(signal: StopSignal): void;
}

/** The handler while it is installed. */
export interface InterruptHandler {
  /** Aborted by the first signal: stop gracefully (apply's `stop`). */
  readonly stop: AbortSignal;
  /** Aborted by the second signal: abort what is in flight (apply's `signal`). */
  readonly signal: AbortSignal;
  /** The first signal that came, if any: it names the stop and chooses the exit code. */
  interrupted(): StopSignal | undefined;
  /** Stops listening; each signal has its default effect again. */
  dispose(): void;
}

/** How messages name a signal: Ctrl-C for SIGINT, else its name. */
export function signalName(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'Ctrl-C' : signal;
}

/** Listens for the stop signals: the first aborts `stop`, the second `signal`, later ones call `onLater`. */
export function handleInterrupts(source: SignalSource, hooks: InterruptHooks): InterruptHandler {
  const stop = new AbortController();
  const abort = new AbortController();
  let first: StopSignal | undefined;
  let count = 0;
  const listeners = STOP_SIGNALS.map((name) => {
    const listener = () => {
      count += 1;
      first ??= name;
      // Each hook speaks before its abort, whose listeners may already finish the run.
      if (count === 1) {
        hooks.onFirst?.(name);
        stop.abort(new Error(`stopped by ${signalName(name)}`));
      } else if (count === 2) {
        hooks.onSecond?.(name);
        abort.abort(new Error(`aborted by ${signalName(name)}`));
      } else {
        hooks.onLater?.(name);
      }
    };
    source.on(name, listener);
    return [name, listener] as const;
  });
  return {
    stop: stop.signal,
    signal: abort.signal,
    interrupted: () => first,
    dispose: () => {
      for (const [name, listener] of listeners) source.off(name, listener);
    },
  };
}
