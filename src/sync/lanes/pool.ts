// Running asynchronous tasks with a bound on how many run at once, so that streamed input is
// read only as fast as its work completes.

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
