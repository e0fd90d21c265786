// createFakeServices: both fake services, their faults and call meter, and the one function
// that answers every request (the HTTP server and the msw handlers both call it).
import { CallCounter, type CallMeter } from './call-meter.js';
import { DxModel, type FakeDxOptions } from './dx/model.js';
import { dxEndpoint } from './dx/routes.js';
import type { FakeDx } from './dx/types.js';
import { dxRateLimitedReply } from './dx/wire.js';
import { FaultInjector, type FaultAnswer } from './faults/injector.js';
import { droppedConnection, malformedJsonReply, retryAfterHeaders, serverErrorReply } from './faults/replies.js';
import type { FaultControls } from './faults/types.js';
import { LookerModel, type FakeLookerOptions } from './looker/model.js';
import { lookerEndpoint } from './looker/routes.js';
import type { FakeLooker } from './looker/types.js';
import { lookerRateLimitedReply } from './looker/wire.js';
import type { Endpoint, FakeOperation, ServiceName } from './operations.js';
import { jsonReply } from './replies.js';

/** Settings for `createFakeServices`. */
export interface FakeServicesOptions {
  /**
   * The clock, in milliseconds since the epoch. Default `Date.now`. It decides token expiry, DX's
   * rate window and `perSecond` rate-limit faults; pass the same clock you give the SDK's
   * `runtime.now` so that time moves when the SDK waits.
   */
  now?: () => number;
  /** Settings of the fake Looker, e.g. `{ tokenLifetimeSeconds: 60, requestsPerSecond: 50 }`. */
  looker?: FakeLookerOptions;
  /** Settings of the fake DX, e.g. `{ requestsPerMinute: 5 }`. */
  dx?: FakeDxOptions;
}

/** A fault that answered a request. */
export type RecordedFault = FaultAnswer['kind'];

/** One request the fake received, for asserting what a client sent. Holds no headers or bodies, so no secrets. */
export interface RecordedRequest {
  readonly service: ServiceName;
  /** The operation the request named; undefined when it matched no endpoint. */
  readonly operation: FakeOperation | undefined;
  readonly method: string;
  readonly path: string;
  /** The reply's status; undefined when the connection was dropped or the request was abandoned. */
  readonly status: number | undefined;
  /** The fault that answered instead of the model, if any. */
  readonly fault: RecordedFault | undefined;
  /** Latency added by faults, in milliseconds. */
  readonly delayedMs: number;
}

/** Both fake services, their faults, and the function that answers their HTTP requests. */
export interface FakeServices {
  /** The fake Looker: seed and inspect it. */
  readonly looker: FakeLooker;
  /** The fake DX account: seed and inspect it. */
  readonly dx: FakeDx;
  /** Fault injection for both services. */
  readonly faults: FaultControls;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests received per service and operation, faulted ones included; `reset()` starts again from 0. */
  readonly calls: CallMeter;
  /**
   * Answers one request. Paths under `/api/4.0/` go to Looker, everything else to DX. A dropped
   * connection is `Response.error()` (check `response.type === 'error'`). Never rejects.
   */
  handle(request: Request): Promise<Response>;
}

/**
 * Creates an empty fake Looker and DX. Seed them through `looker` and `dx`, then serve them with
 * `startFakeServer({ fake })` or msw handlers from `user-attributes-sdk/testing/msw`. Throws a
 * TypeError naming the option for a setting that makes no sense.
 */
export function createFakeServices(options: FakeServicesOptions = {}): FakeServices {
  if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('now must be a function returning milliseconds');
  const now = options.now ?? Date.now;
  const looker = new LookerModel(now, options.looker);
  const dx = new DxModel(now, options.dx);
  const faults = new FaultInjector(now);
  const requests: RecordedRequest[] = [];
  const calls = new CallCounter();

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const service: ServiceName = url.pathname === '/api/4.0' || url.pathname.startsWith('/api/4.0/') ? 'looker' : 'dx';
    const endpoint: Endpoint<FakeOperation> =
      service === 'looker' ? lookerEndpoint(looker, request.method, url) : dxEndpoint(dx, request.method, url);
    calls.count(service, endpoint.operation);
    const plan = faults.plan({ service, operation: endpoint.operation });
    const record: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } = {
      service,
      operation: endpoint.operation,
      method: request.method,
      path: url.pathname,
      status: undefined,
      fault: plan.answer?.kind,
      delayedMs: plan.delayMs,
    };
    requests.push(record);

    if (plan.delayMs > 0 && !(await wait(plan.delayMs, request.signal))) return droppedConnection();
    let response: Response;
    try {
      response = plan.answer ? faultReply(plan.answer, service, request.method, url.pathname) : await endpoint.respond(request);
    } catch (error) {
      // A bug in the fake must show up as a loud reply, the same through every transport.
      response = jsonReply(500, {
        message: `the fake ${service} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    if (response.type !== 'error') record.status = response.status;
    return response;
  }

  return { looker, dx, faults, requests, calls, handle };
}

function faultReply(answer: FaultAnswer, service: ServiceName, method: string, path: string): Response {
  switch (answer.kind) {
    case 'rate_limit': {
      const headers = retryAfterHeaders(answer.retryAfter);
      return service === 'looker' ? lookerRateLimitedReply(method, path, headers) : dxRateLimitedReply(headers);
    }
    case 'server_error':
      return serverErrorReply(answer.status);
    case 'dropped_connection':
      return droppedConnection();
    case 'malformed_json':
      return malformedJsonReply();
  }
}

/** Waits `ms` real milliseconds; false when the client gave up first. */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
