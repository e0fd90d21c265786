import { DX_OPERATIONS, LOOKER_OPERATIONS, type FakeOperation, type ServiceName } from '../operations.js';
import { SlidingWindow } from '../sliding-window.js';
import type { ActiveFault, FaultControls, FaultSpec, RetryAfter } from './types.js';

/** The request a plan is made for. */
export interface FaultTarget {
  readonly service: ServiceName;
  /** Undefined when the request matches no endpoint. */
  readonly operation: FakeOperation | undefined;
}

/** What a fault answers instead of the model. */
export type FaultAnswer =
  | { readonly kind: 'rate_limit'; readonly retryAfter: RetryAfter | undefined }
  | { readonly kind: 'server_error'; readonly status: number }
  | { readonly kind: 'dropped_connection' }
  | { readonly kind: 'malformed_json' };

/** What the faults do to one request. */
export interface FaultPlan {
  /** Real milliseconds to wait before answering. */
  readonly delayMs: number;
  /** The answer to send instead of the model's, if a fault answers. */
  readonly answer: FaultAnswer | undefined;
}

class Fault implements ActiveFault {
  fired = 0;
  #seen = 0;
  readonly #times: number;
  readonly #window: SlidingWindow | undefined;

  constructor(
    readonly spec: FaultSpec,
    now: () => number,
    private readonly onRemove: (fault: Fault) => void,
  ) {
    const oneOff = spec.serverError !== undefined || spec.dropConnection !== undefined || spec.malformedJson !== undefined;
    this.#times = spec.times ?? (oneOff ? 1 : Infinity);
    const perSecond = spec.rateLimit?.perSecond;
    this.#window = perSecond === undefined ? undefined : new SlidingWindow(perSecond, 1000, now);
  }

  get exhausted(): boolean {
    return this.fired >= this.#times;
  }

  remove(): void {
    this.onRemove(this);
  }

  matches({ service, operation }: FaultTarget): boolean {
    if (this.exhausted) return false;
    if (this.spec.service !== undefined && this.spec.service !== service) return false;
    return this.spec.operation === undefined || this.spec.operation === operation;
  }

  /** Counts a matching request; true when this fault answers it (ignoring latency, which always applies). */
  wouldAnswer(): boolean {
    this.#seen++;
    const { rateLimit } = this.spec;
    if (!rateLimit) return this.spec.latencyMs === undefined;
    if (this.#window) return !this.#window.admit();
    return this.#seen % (rateLimit.every ?? 1) === 0;
  }

  answer(): FaultAnswer {
    const { spec } = this;
    if (spec.rateLimit) return { kind: 'rate_limit', retryAfter: spec.rateLimit.retryAfter };
    if (spec.serverError !== undefined) return { kind: 'server_error', status: spec.serverError };
    if (spec.dropConnection) return { kind: 'dropped_connection' };
    return { kind: 'malformed_json' };
  }
}

/** Holds the faults added for a fake and decides what they do to each request. */
export class FaultInjector implements FaultControls {
  #faults: Fault[] = [];

  constructor(private readonly now: () => number) {}

  add(spec: FaultSpec): ActiveFault {
    checkFaultSpec(spec);
    const fault = new Fault({ ...spec }, this.now, (removed) => {
      this.#faults = this.#faults.filter((f) => f !== removed);
    });
    this.#faults.push(fault);
    return fault;
  }

  clear(): void {
    this.#faults = [];
  }

  /** Applies the faults to one request: counts it, and says how long to wait and what to answer. */
  plan(target: FaultTarget): FaultPlan {
    let delayMs = 0;
    let answering: Fault | undefined;
    for (const fault of this.#faults.filter((f) => f.matches(target))) {
      const answers = fault.wouldAnswer();
      if (fault.spec.latencyMs !== undefined) {
        delayMs += fault.spec.latencyMs;
        fault.fired++;
      } else if (answers && !answering) {
        answering = fault;
      }
    }
    if (answering) answering.fired++;
    return { delayMs, answer: answering?.answer() };
  }
}

const EFFECTS = ['rateLimit', 'serverError', 'latencyMs', 'dropConnection', 'malformedJson'] as const;

function checkFaultSpec(spec: FaultSpec): void {
  const problems: string[] = [];
  const given = EFFECTS.filter((effect) => spec[effect] !== undefined);
  if (given.length !== 1) problems.push(`give exactly one of ${EFFECTS.join(', ')} (got ${given.join(', ') || 'none'})`);
  if (spec.service !== undefined && spec.service !== 'looker' && spec.service !== 'dx')
    problems.push('service must be "looker" or "dx"');
  if (spec.operation !== undefined) {
    const known: readonly string[] =
      spec.service === 'looker'
        ? LOOKER_OPERATIONS
        : spec.service === 'dx'
          ? DX_OPERATIONS
          : [...LOOKER_OPERATIONS, ...DX_OPERATIONS];
    if (!known.includes(spec.operation))
      problems.push(`operation ${JSON.stringify(spec.operation)} is not an operation of ${spec.service ?? 'either service'}`);
  }
  if (spec.times !== undefined && !(spec.times === Infinity || (Number.isInteger(spec.times) && spec.times > 0))) {
    problems.push('times must be a positive integer or Infinity');
  }
  if (spec.serverError !== undefined && ![500, 502, 503].includes(spec.serverError))
    problems.push('serverError must be 500, 502 or 503');
  if (spec.latencyMs !== undefined && !(Number.isFinite(spec.latencyMs) && spec.latencyMs >= 0))
    problems.push('latencyMs must be a finite number >= 0');
  if (spec.dropConnection !== undefined && spec.dropConnection !== true) problems.push('dropConnection must be true');
  if (spec.malformedJson !== undefined && spec.malformedJson !== true) problems.push('malformedJson must be true');
  const { rateLimit } = spec;
  if (rateLimit !== undefined) {
    if (rateLimit.every !== undefined && rateLimit.perSecond !== undefined)
      problems.push('rateLimit takes every or perSecond, not both');
    if (rateLimit.every !== undefined && !(Number.isInteger(rateLimit.every) && rateLimit.every > 0))
      problems.push('rateLimit.every must be a positive integer');
    if (rateLimit.perSecond !== undefined && !(Number.isInteger(rateLimit.perSecond) && rateLimit.perSecond >= 0)) {
      problems.push('rateLimit.perSecond must be an integer >= 0');
    }
    const problem = retryAfterProblem(rateLimit.retryAfter);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new TypeError(`invalid fault: ${problems.join('; ')}`);
}

function retryAfterProblem(retryAfter: RetryAfter | undefined): string | undefined {
  if (retryAfter === undefined) return undefined;
  if ('seconds' in retryAfter) {
    return Number.isInteger(retryAfter.seconds) && retryAfter.seconds >= 0
      ? undefined
      : 'retryAfter.seconds must be an integer >= 0';
  }
  if ('httpDate' in retryAfter) {
    return retryAfter.httpDate instanceof Date && Number.isFinite(retryAfter.httpDate.getTime())
      ? undefined
      : 'retryAfter.httpDate must be a valid Date';
  }
  if ('milliseconds' in retryAfter) {
    return Number.isInteger(retryAfter.milliseconds) && retryAfter.milliseconds >= 0
      ? undefined
      : 'retryAfter.milliseconds must be an integer >= 0';
  }
  return 'retryAfter must be { seconds }, { httpDate } or { milliseconds }';
}
