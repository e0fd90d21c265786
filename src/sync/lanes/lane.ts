// One lane per service for the sync's reads and writes, the one owner of their retries, pacing and
// counting: every call waits for the lane's rate limiter, tells the client not to retry or pace it,
// counts each request the client sends against the budget, and a 429 or 5xx pauses the whole lane
// (Retry-After when given, else exponential backoff) before the call is tried again.
import type { Failure, PlainResult, Result } from '../../core/result.js';
import { isNoConnection } from '../../core/no-connection.js';
import { backoffDelayMs } from '../../core/retry-delay.js';
import { createRateLimiter, isRateLimiter, type RateLimiter, type RateLimiterOptions } from '../../core/rate-limiter.js';
import type { Runtime } from '../../core/runtime.js';
import { DX_RATE_LIMIT } from '../../dx/rate-limit.js';

import type { PortCallOptions, PortError, SyncService } from '../model/ports.js';

/** Pacing of one service: a limiter to share, or the options of a new one. */
export type LaneSetting = RateLimiter | Omit<RateLimiterOptions, 'runtime'>;

/** Default pace of DX's lane: DX's documented window (`DX_RATE_LIMIT`), evenly spaced, 8 at once. */
export const DX_LANE_RATE = { requests: DX_RATE_LIMIT.requests, perMs: DX_RATE_LIMIT.perMs, maxConcurrency: 8 } as const;
/** Default pace of Looker, whose per-second limits are not published: 10 requests a second. */
export const LOOKER_DEFAULT_RATE = { requests: 10, perMs: 1000, maxConcurrency: 4 } as const;
/** Default attempts after the first for one call of the sync. */
export const DEFAULT_LANE_RETRIES = 8;
/**
 * Retries, at most, of a call that could not connect at all (refused, or no such host) while the
 * service has not answered the lane once: a wrong base URL or nothing listening is reported after
 * 0.5 s and 1 s of backoff, not after every retry. Once the service has answered, and for a
 * connection reset or a timeout at any time, a call gets `maxRetries` like any other.
 */
export const UNREACHABLE_RETRIES = 2;

/** Requests still allowed; a lane's calls draw on it for every request they send. */
export interface CallBudget {
  remaining: number;
}

/** What a lane hands each call: its signal, and the options that leave retries, pacing and counting to the lane. */
export type LaneCallOptions = PortCallOptions & Required<Pick<PortCallOptions, 'maxRetries' | 'rateLimit' | 'onRequest'>>;

/** A sequence of calls to one service, paced together. */
export interface Lane {
  readonly service: SyncService;
  /**
   * Calls `send` once a permit is granted, with the options to pass to the client: the lane alone
   * retries (429, 5xx, network errors, timeouts) and paces, and it counts every request the
   * client reports sending. `signal` aborts the call at any point. `gate`, once aborted, keeps a
   * call that was not yet sent from being sent (the error `stopped`, `attempts: 0`); a call
   * already sent goes on, retries included. A failed call's `attempts` is every request sent for it.
   */
  run<T>(
    send: (options: LaneCallOptions) => Promise<Result<T, PortError>>,
    signal?: AbortSignal,
    gate?: AbortSignal,
  ): Promise<PlainResult<T, PortError>>;
  /**
   * The same lane (pace, pauses, counters), its calls drawing on `budget`: a request that would
   * overdraw it is not sent, and the call ends `budget_exhausted`.
   */
  within(budget: CallBudget): Lane;
  /** Requests sent so far: retries, 401 replays and the logins its calls started included. */
  readonly callsUsed: number;
  /** 429 replies seen. */
  readonly rateLimited: number;
  /** Tries sent again after a 429, a 5xx, a network error or a timeout (each one request of `callsUsed`). */
  readonly retries: number;
  /** Calls per second since the first one, by the lane's clock. */
  ratePerSecond(): number;
}

// Worth another try: the service was busy, or no reply came (every sync call is idempotent).
const RETRYABLE = new Set(['rate_limited', 'server', 'network', 'timeout']);

const ended = (kind: string, message: string, attempts = 0): Failure<PortError> => ({
  ok: false,
  error: { kind, message, operation: 'sync', attempts },
});

const aborted = (service: SyncService, signal: AbortSignal | undefined) =>
  ended('aborted', `the ${service} call was aborted: ${String(signal?.reason ?? 'aborted')}`);

const stopped = (service: SyncService) => ended('stopped', `the ${service} call was not sent: the run is stopping`);

const exhausted = (service: SyncService, attempts: number) =>
  ended('budget_exhausted', `the ${service} call was not sent: the run's call budget for ${service} is used up`, attempts);

/** Thrown from `onRequest` to keep a request over the budget from being sent. */
class OverBudget extends Error {}

/** One call's requests: how many it sent, each drawn on the lane's count and the budget. */
class CallCount {
  sent = 0;

  constructor(
    private readonly lane: ServiceLane,
    private readonly budget: CallBudget | undefined,
  ) {}

  spend(requests: number): void {
    this.sent += requests;
    this.lane.callsUsed += requests;
    if (this.budget) this.budget.remaining -= requests;
  }

  /** Whether the budget allows no further request. */
  get overdrawn(): boolean {
    return this.budget !== undefined && this.budget.remaining <= 0;
  }
}

/** The state of one service's lane, shared by every view of it (`within`). */
class ServiceLane {
  callsUsed = 0;
  rateLimited = 0;
  retries = 0;
  firstCallAt: number | undefined;
  // 429s in a row (one per pause): how far the lane backs off without Retry-After.
  #streak = 0;
  #pausedUntil = 0;
  // Whether the service has answered this lane at all (any status): until then, a refused connection is a wrong address.
  #answered = false;

  constructor(
    readonly service: SyncService,
    private readonly limiter: RateLimiter,
    private readonly runtime: Runtime,
    private readonly maxRetries: number,
  ) {}

  /** A call: turns, requests and retries until it ends (see `Lane.run`). */
  async run<T>(
    send: (options: LaneCallOptions) => Promise<Result<T, PortError>>,
    signal: AbortSignal | undefined,
    gate: AbortSignal | undefined,
    budget: CallBudget | undefined,
  ): Promise<PlainResult<T, PortError>> {
    const count = new CallCount(this, budget);
    const { service } = this;
    for (let retry = 0; ; retry++) {
      // Only the first try can be held back: a call once sent is in flight until it has an answer.
      const unsent = retry === 0 ? gate : undefined;
      const refused = this.#heldBack(signal, unsent, count);
      if (refused) return refused;
      let release: () => void;
      try {
        release = await this.limiter.acquire(unsent ?? signal);
      } catch {
        return signal?.aborted ? aborted(service, signal) : stopped(service);
      }
      // Checked again as the turn comes, and the try sent in the same step: a stop after this sends nothing new.
      const late = this.#heldBack(signal, unsent, count);
      if (late) {
        release();
        return late;
      }
      this.firstCallAt ??= this.runtime.now();
      const ended = await this.#try(send, signal, count, release, retry);
      if (ended) return ended;
    }
  }

  /** The end of a call that must not be sent (now): aborted, stopped, or out of budget. */
  #heldBack(signal: AbortSignal | undefined, unsent: AbortSignal | undefined, count: CallCount): Failure<PortError> | undefined {
    if (signal?.aborted) return aborted(this.service, signal);
    if (unsent?.aborted) return stopped(this.service);
    if (count.overdrawn) return exhausted(this.service, count.sent);
    return undefined;
  }

  /**
   * Sends one try, counting each request the client reports (a login, the 401 replay) and refusing
   * any past the budget. Resolves to the end of the call, or undefined when it is tried again.
   */
  async #try<T>(
    send: (options: LaneCallOptions) => Promise<Result<T, PortError>>,
    signal: AbortSignal | undefined,
    count: CallCount,
    release: () => void,
    retry: number,
  ): Promise<PlainResult<T, PortError> | undefined> {
    let reported = 0;
    let refused = false;
    const onRequest = () => {
      if (count.overdrawn) {
        refused = true;
        throw new OverBudget(`the ${this.service} call budget is used up`);
      }
      // The first request of a try after the first is a retry (a login or 401 replay within a try is not).
      if (retry > 0 && reported === 0) this.retries++;
      reported++;
      count.spend(1);
    };
    let result: Result<T, PortError>;
    try {
      result = await send({ ...(signal && { signal }), maxRetries: 0, rateLimit: false, onRequest });
    } catch (error) {
      // A client that lets the refusal through rather than failing the call with it.
      if (refused) return exhausted(this.service, count.sent);
      throw error;
    } finally {
      release();
    }
    if (refused) return exhausted(this.service, count.sent);
    // A client that reports nothing (a stand-in) is counted by its result.
    if (!reported) {
      if (retry > 0) this.retries++;
      count.spend(result.ok ? 1 : typeof result.error.attempts === 'number' ? result.error.attempts : 1);
    }
    return this.#settle(result, retry, signal, count);
  }

  /** The end of the call after this try, or undefined when it is tried again (after the lane's pause). */
  #settle<T>(result: Result<T, PortError>, retry: number, signal: AbortSignal | undefined, count: CallCount): PlainResult<T, PortError> | undefined {
    if (result.ok) {
      this.#answered = true;
      this.#streak = 0;
      return { ok: true, data: result.data };
    }
    const { error } = result;
    if (error.status !== undefined) this.#answered = true;
    const unreachable = !this.#answered && error.kind === 'network' && isNoConnection(error.cause);
    const limit = unreachable ? Math.min(this.maxRetries, UNREACHABLE_RETRIES) : this.maxRetries;
    const gaveUp = RETRYABLE.has(error.kind) && retry >= limit;
    if (!RETRYABLE.has(error.kind) || gaveUp || signal?.aborted) {
      return { ok: false, error: this.#finalError(error, count.sent, gaveUp && !signal?.aborted, unreachable) };
    }
    this.#pause(error, retry);
    return undefined;
  }

  #pause(error: PortError, retryIndex: number): void {
    const now = this.runtime.now();
    if (error.kind === 'rate_limited') {
      this.rateLimited++;
      if (error.retryAfterMs === undefined && now >= this.#pausedUntil) this.#streak++;
    }
    const delayMs = error.retryAfterMs ?? backoffDelayMs(error.kind === 'rate_limited' ? this.#streak - 1 : retryIndex, this.runtime.random);
    this.#pausedUntil = Math.max(this.#pausedUntil, now + delayMs);
    this.limiter.penalize(delayMs);
  }

  /** The error the lane ends with: every request sent for the call, and when it gave up, why. */
  #finalError(error: PortError, sent: number, gaveUp: boolean, unreachable: boolean): PortError {
    const name = this.service === 'looker' ? 'Looker' : 'DX';
    const why = !gaveUp ? '' : unreachable ? `; ${name} has not answered once in ${sent} requests: is its base URL right?` : `; gave up after ${sent} requests`;
    return { ...error, attempts: sent, message: `${error.message}${why}` };
  }

  /** Calls per second since the first one, by the lane's clock. */
  ratePerSecond(): number {
    const elapsed = this.firstCallAt === undefined ? 0 : this.runtime.now() - this.firstCallAt;
    return elapsed > 0 ? (this.callsUsed * 1000) / elapsed : 0;
  }
}

/** A lane whose counters are `counted`'s, with its own `run` and `within`: a view of a lane, or a wrapper of one. */
export function laneOf(counted: Pick<Lane, 'service' | 'callsUsed' | 'rateLimited' | 'retries' | 'ratePerSecond'>, run: Lane['run'], within: Lane['within']): Lane {
  return {
    service: counted.service,
    get callsUsed() {
      return counted.callsUsed;
    },
    get rateLimited() {
      return counted.rateLimited;
    },
    get retries() {
      return counted.retries;
    },
    ratePerSecond: () => counted.ratePerSecond(),
    run,
    within,
  };
}

/** The lane as its users see it, its calls drawing on `budget`. */
function laneView(lane: ServiceLane, budget: CallBudget | undefined): Lane {
  return laneOf(lane, (send, signal, gate) => lane.run(send, signal, gate, budget), (next) => laneView(lane, next));
}

/** Creates the lane of one service. */
export function createLane(service: SyncService, setting: LaneSetting, runtime: Runtime, maxRetries = DEFAULT_LANE_RETRIES): Lane {
  const limiter = isRateLimiter(setting) ? setting : createRateLimiter({ ...setting, runtime });
  return laneView(new ServiceLane(service, limiter, runtime, maxRetries), undefined);
}
