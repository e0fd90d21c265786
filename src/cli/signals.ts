// Ctrl-C during a command: the first asks the run to stop after the requests in flight, the second
// aborts those requests, a third quits the process at once.

/** What the handler needs from the process; `process` itself fits. */
export interface SignalSource {
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
}

/** What to do on each Ctrl-C; each hook runs before the signal it comes with is aborted. */
export interface InterruptHooks {
  onFirst?(): void;
  onSecond?(): void;
  /** A third Ctrl-C and any later one (this should exit). */
  onLater?(): void;
}

/** The handler while it is installed. */
export interface InterruptHandler {
  /** Aborted by the first Ctrl-C: stop gracefully (apply's `stop`). */
  readonly stop: AbortSignal;
  /** Aborted by the second Ctrl-C: abort what is in flight (apply's `signal`). */
  readonly signal: AbortSignal;
  /** Whether Ctrl-C was pressed. */
  interrupted(): boolean;
  /** Stops listening; Ctrl-C is the default again. */
  dispose(): void;
}

/** Listens for SIGINT: the first aborts `stop`, the second `signal`, later ones call `onLater`. */
export function handleInterrupts(source: SignalSource, hooks: InterruptHooks): InterruptHandler {
  const stop = new AbortController();
  const abort = new AbortController();
  let count = 0;
  const listener = () => {
    count += 1;
    // Each hook speaks before its abort, whose listeners may already finish the run.
    if (count === 1) {
      hooks.onFirst?.();
      stop.abort(new Error('stopped by Ctrl-C'));
    } else if (count === 2) {
      hooks.onSecond?.();
      abort.abort(new Error('aborted by Ctrl-C'));
    } else {
      hooks.onLater?.();
    }
  };
  source.on('SIGINT', listener);
  return {
    stop: stop.signal,
    signal: abort.signal,
    interrupted: () => count > 0,
    dispose: () => source.off('SIGINT', listener),
  };
}
