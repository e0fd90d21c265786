// The one bounded pool of the sync: asynchronous tasks with a bound on how many run at once, so
// that streamed input is read only as fast as its work completes, and apply's workers per service.

/** A bounded set of running tasks. */
export interface Pool {
  /** Starts `task`, first waiting while `limit` tasks run. A task must not reject. */
  add(task: () => Promise<void>): Promise<void>;
  /** Resolves once every started task has finished. */
  drain(): Promise<void>;
}

/** Creates a pool running at most `limit` tasks at once. */
export function createPool(limit: number): Pool {
  const running = new Set<Promise<void>>();
  return {
    async add(task) {
      while (running.size >= limit) await Promise.race(running);
      const promise = task().finally(() => running.delete(promise));
      running.add(promise);
    },
    async drain() {
      while (running.size) await Promise.race(running);
    },
  };
}

/**
 * Runs `each` over `items`, at most `limit` at once, in order; once `gate` aborts, no further item
 * is started. Resolves once every started item has ended; rejects with the first rejection then.
 */
export async function runEach<T>(items: readonly T[], limit: number, gate: AbortSignal, each: (item: T) => Promise<void>): Promise<void> {
  const pool = createPool(Math.max(1, limit));
  let failed: { readonly reason: unknown } | undefined;
  for (const item of items) {
    if (gate.aborted) break;
    // Checked again once the item's turn comes: the gate may have aborted while it waited.
    await pool.add(() => (gate.aborted ? Promise.resolve() : each(item)).catch((reason: unknown) => void (failed ??= { reason })));
  }
  await pool.drain();
  if (failed) throw failed.reason;
}
