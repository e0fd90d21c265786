// Waits that end as soon as a signal aborts, and one listener per caller signal however many calls share it.

/**
 * Waits for `promise`, giving up with the signal's reason as soon as it aborts (without cancelling
 * the promise, which others may share or which may never settle).
 */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The default `runtime.sleep`: resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return waitFor(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}

// One listener per caller signal however many calls share it (so no MaxListenersExceededWarning),
// removed when the last of them ends.
const sharedSignals = new WeakMap<AbortSignal, { aborts: Set<() => void>; onAbort: () => void }>();

/** Runs `abort` when `signal` aborts; returns what stops listening. */
export function onAbort(signal: AbortSignal, abort: () => void): () => void {
  let shared = sharedSignals.get(signal);
  if (!shared) {
    const aborts = new Set<() => void>();
    shared = {
      aborts,
      onAbort: () => {
        for (const abortCall of aborts) abortCall();
      },
    };
    sharedSignals.set(signal, shared);
    signal.addEventListener('abort', shared.onAbort, { once: true });
  }
  const { aborts, onAbort: listener } = shared;
  aborts.add(abort);
  return () => {
    if (aborts.delete(abort) && !aborts.size) {
      signal.removeEventListener('abort', listener);
      sharedSignals.delete(signal);
    }
  };
}
