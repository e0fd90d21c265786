// Ctrl-C during apply: the first asks the run to stop after requests in flight, a second quits at once.

/** What the handler needs from the process; `process` itself fits. */
export interface SignalSource {
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
}

/** The handler while it is installed. */
export interface InterruptHandler {
  /** Aborted by the first Ctrl-C. */
  readonly signal: AbortSignal;
  /** Whether Ctrl-C was pressed. */
  interrupted(): boolean;
  /** Stops listening; Ctrl-C is the default again. */
  dispose(): void;
}

/** Listens for SIGINT: `onFirst` after the abort, `onSecond` (which should exit) on a second one. */
export function handleInterrupts(source: SignalSource, hooks: { onFirst(): void; onSecond(): void }): InterruptHandler {
  const controller = new AbortController();
  let count = 0;
  const listener = () => {
    count += 1;
    if (count === 1) {
      // Said before the abort, whose listeners may already finish the run.
      hooks.onFirst();
      controller.abort(new Error('stopped by Ctrl-C'));
    } else {
      hooks.onSecond();
    }
  };
  source.on('SIGINT', listener);
  return {
    signal: controller.signal,
    interrupted: () => count > 0,
    dispose: () => source.off('SIGINT', listener),
  };
}
