// How a run is stopped or aborted: the caller's `stop` closes the gate (nothing new starts), the
// caller's `signal` (or a failing journal) aborts what is in flight and closes the gate too.

/** The run's own signals, fed by the caller's. */
export interface RunSignals {
  /** Aborts the calls in flight. */
  readonly signal: AbortSignal;
  /** Aborted when the run stops (or aborts): no new task, write or read is started. */
  readonly gate: AbortSignal;
  /** Aborts the run from within (the journal failed). */
  abort(reason: unknown): void;
  /** Whether the caller asked the run to stop. */
  stopAsked(): boolean;
  /** Stops listening to the caller's signals. */
  dispose(): void;
}

/**
 * The run's signals. However many calls wait for a permit, each of these signals gets one listener
 * from the lanes' limiters and one per client (see core/abortable.ts's onAbort).
 */
export function runSignals(callerSignal: AbortSignal | undefined, callerStop: AbortSignal | undefined): RunSignals {
  const controller = new AbortController();
  const gate = new AbortController();
  const abort = () => controller.abort(callerSignal?.reason);
  const stop = () => gate.abort(callerStop?.reason);
  controller.signal.addEventListener('abort', () => gate.abort(controller.signal.reason), { once: true });
  if (callerSignal?.aborted) abort();
  if (callerStop?.aborted) stop();
  callerSignal?.addEventListener('abort', abort, { once: true });
  callerStop?.addEventListener('abort', stop, { once: true });
  return {
    signal: controller.signal,
    gate: gate.signal,
    abort: (reason) => controller.abort(reason),
    stopAsked: () => callerStop?.aborted === true,
    dispose() {
      callerSignal?.removeEventListener('abort', abort);
      callerStop?.removeEventListener('abort', stop);
    },
  };
}
