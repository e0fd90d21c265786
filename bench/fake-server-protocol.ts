// Messages between the benchmark and the process that serves the fake Looker.

/** Where the contenders send their requests, and the seeded ids and API key they use. */
export interface BenchTarget {
  /** Origin of the loopback fake server, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  readonly userId: string;
  readonly userAttributeId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What the fake server has answered so far. */
export interface ServedCounts {
  readonly logins: number;
  readonly setUserValueOk: number;
  readonly setUserValueFailed: number;
  /** Requests to any other route. */
  readonly other: number;
}

/** The value the fake now holds for the benchmark user, and where it comes from. */
export interface StoredValue {
  readonly value: string | null;
  readonly source: string;
}

export type Query = { readonly id: number; readonly kind: 'counts' } | { readonly id: number; readonly kind: 'stored-value' };

export type ServerMessage =
  | { readonly kind: 'ready'; readonly target: BenchTarget }
  | { readonly kind: 'answer'; readonly id: number; readonly counts?: ServedCounts; readonly storedValue?: StoredValue };
