import type { DxOperation, FakeOperation, LookerOperation } from '../operations.js';

/** How long a 429 asks the client to wait. */
export type RetryAfter =
  /** `Retry-After: <seconds>`. */
  | { seconds: number }
  /** `Retry-After: <IMF-fixdate>`, e.g. `Sun, 22 Nov 2026 12:00:02 GMT`. */
  | { httpDate: Date }
  /** `retry-after-ms: <milliseconds>`, an extension the SDK reads before `Retry-After`. */
  | { milliseconds: number };

/** When to answer 429. Give `every` or `perSecond`; with neither, every matching request is refused. */
export interface RateLimitFault {
  /** Refuse the Nth, 2Nth, 3Nth … matching request. */
  every?: number;
  /** Admit this many matching requests in any second (sliding, by the fake's clock) and refuse the rest. */
  perSecond?: number;
  /** Send a `Retry-After` (or `retry-after-ms`) header; without it the reply has none. */
  retryAfter?: RetryAfter;
}

/** The things a fault can do. A fault does exactly one of them. */
export interface FaultEffects {
  /** Answer 429 in the service's error format, before the request reaches the model. */
  rateLimit: RateLimitFault;
  /** Answer this status with an HTML body, as a proxy in front of the service would. */
  serverError: 500 | 502 | 503;
  /** Wait this many (real) milliseconds before answering; the request then goes on as usual. */
  latencyMs: number;
  /** Close the connection without a reply (msw: `HttpResponse.error()`; HTTP server: the socket is destroyed). */
  dropConnection: true;
  /** Answer 200 with `Content-Type: application/json` and a body that is not valid JSON. */
  malformedJson: true;
}

/** Exactly one key of T. */
type ExactlyOne<T> = { [K in keyof T]: Pick<T, K> & { [Other in Exclude<keyof T, K>]?: never } }[keyof T];

/** Which requests a fault applies to. Without `service` and `operation` it applies to every request. */
export type FaultScope =
  | { service?: undefined; operation?: FakeOperation }
  | { service: 'looker'; operation?: LookerOperation }
  | { service: 'dx'; operation?: DxOperation };

/**
 * A fault to inject, e.g. `{ service: 'looker', rateLimit: { every: 2, retryAfter: { seconds: 1 } } }`.
 * Faults other than latency answer instead of the model, so the model never sees those requests.
 */
export type FaultSpec = FaultScope & {
  /**
   * How many requests the fault affects before it is used up. Default: 1 for `serverError`,
   * `dropConnection` and `malformedJson` (one-off failures), unlimited for `rateLimit` and `latencyMs`.
   */
  times?: number;
} & ExactlyOne<FaultEffects>;

/** A fault that has been added. */
export interface ActiveFault {
  /** Requests this fault has answered (or delayed) so far. */
  readonly fired: number;
  /** True once `times` is used up; the fault then lets requests through. */
  readonly exhausted: boolean;
  /** Stops the fault now. */
  remove(): void;
}

/**
 * Fault injection for both services. When several faults match a request, their latencies add
 * up and the earliest-added of the others answers.
 */
export interface FaultControls {
  /** Starts injecting a fault. Throws a TypeError for a spec that makes no sense. */
  add(spec: FaultSpec): ActiveFault;
  /** Removes every fault. */
  clear(): void;
}
