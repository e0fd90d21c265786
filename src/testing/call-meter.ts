// Counts the requests that reach the fake, per service and per operation.
import type { DxOperation, FakeOperation, LookerOperation, ServiceName } from './operations.js';

/** Calls of each operation of one service that were called at least once. */
export type OperationCounts<Op extends FakeOperation> = Partial<Record<Op, number>>;

/**
 * The fake's call meter, for tests and benchmarks that assert how many calls a job spends.
 * It counts every request that reached the fake: answered by the model, refused (401, 404, 422,
 * 429 of a rate limit) or answered by an injected fault alike. A request that named no endpoint
 * counts in `total` but under no operation.
 */
export interface CallMeter {
  /** Requests received by one service, or by both without `service`. */
  total(service?: ServiceName): number;
  /** Requests per operation id of the service, e.g. `{ login: 1, all_users: 3 }`; operations never called are absent. */
  byOperation(service: 'looker'): OperationCounts<LookerOperation>;
  /** Requests per operation id of the service, e.g. `{ 'users.list': 2 }`; operations never called are absent. */
  byOperation(service: 'dx'): OperationCounts<DxOperation>;
  /** Sets every count back to 0 (the fake's `requests` log is kept). */
  reset(): void;
}

/** The call meter of one fake. */
export class CallCounter implements CallMeter {
  #totals: Record<ServiceName, number> = { looker: 0, dx: 0 };
  #byOperation: Record<ServiceName, Map<FakeOperation, number>> = { looker: new Map(), dx: new Map() };

  /** Counts one request. */
  count(service: ServiceName, operation: FakeOperation | undefined): void {
    this.#totals[service]++;
    if (operation !== undefined) this.#byOperation[service].set(operation, (this.#byOperation[service].get(operation) ?? 0) + 1);
  }

  total(service?: ServiceName): number {
    return service === undefined ? this.#totals.looker + this.#totals.dx : this.#totals[service];
  }

  byOperation(service: 'looker'): OperationCounts<LookerOperation>;
  byOperation(service: 'dx'): OperationCounts<DxOperation>;
  byOperation(service: ServiceName): OperationCounts<FakeOperation> {
    return Object.fromEntries(this.#byOperation[service]);
  }

  reset(): void {
    this.#totals = { looker: 0, dx: 0 };
    this.#byOperation = { looker: new Map(), dx: new Map() };
  }
}
