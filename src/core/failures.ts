// Turning what happened during a call into SDK errors: HTTP replies, thrown failures, hooks.
import type { ErrorBase, Hook, HttpError, TransportError } from './errors.js';
import type { Failure } from './result.js';
import { InputCheck } from './input-checks.js';
import { oneLine } from './redaction.js';

/** What an error is built from: the state of the call it ends (a `Call` is one). */
export interface CallState {
  readonly operation: string;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** The client's secrets, kept out of every error. */
  readonly secrets: () => readonly string[];
}

/** Any SDK error, for code that builds them; each operation's union type is proven by the type tests. */
export type AnyError = ErrorBase<string>;

/** Carries an SDK error through code that can only throw (a fetch function), to be returned as-is. */
export class CarriedError extends Error {
  constructor(readonly error: AnyError) {
    super(error.message);
  }
}

/** Thrown when a function the caller gave the client failed; becomes `hook_failed`. */
export class HookFailure extends Error {
  constructor(
    readonly hook: Hook,
    readonly problem: string,
    override readonly cause: unknown,
  ) {
    super(`${hook} ${problem}`);
  }
}

/** Thrown when the client's own state refuses a call before sending (a token revoked by logout); becomes `invalid_input`. */
export class InputRefusal extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

/** Builds the fields every HTTP error has, and `retryAfterMs` for `rate_limited`. */
export function httpError<K extends string, B>(
  kind: K,
  call: CallState,
  { status, headers }: Response,
  body: B | string | undefined,
  detail?: string,
): HttpError<K, B> {
  const { operation, attempts, retryAfterMs } = call;
  const notes = [
    attempts > 1 && `${attempts} attempts`,
    kind === 'rate_limited' && retryAfterMs !== undefined && `asked to wait ${Math.ceil(retryAfterMs)} ms`,
  ];
  const said = notes.filter(Boolean).join(', ');
  return {
    kind,
    message: `${operation} failed: HTTP ${status} ${kind}${detail ? `: ${oneLine(detail, call.secrets(), 200)}` : ''}${said ? ` (${said})` : ''}`,
    operation,
    attempts,
    status,
    body,
    headers,
    requestId: headers.get('x-request-id') ?? undefined,
    ...(kind === 'rate_limited' && { retryAfterMs }),
  };
}

/** Whether a reply is an HTML page (a proxy's, or a web UI at the wrong path) rather than an API's JSON. */
export const isHtml = (response: Response, body: unknown): boolean =>
  /html/i.test(response.headers.get('content-type') ?? '') || (typeof body === 'string' && /^\s*</.test(body));

/** The `unexpected_response` error for a body the SDK cannot use: not as the spec declares, or too large. */
export function unexpectedBody(call: CallState, response: Response, detail = 'body not as specified'): AnyError {
  return httpError('unexpected_response', call, response, undefined, detail);
}

/** The error for something thrown while a call ran: timeout, abort, a hook's failure, a broken connection or body. */
export function thrownError(call: CallState, thrown: unknown): TransportError | AnyError {
  const { operation, attempts, signal, timeoutMs } = call;
  // Checked first: once the deadline or the caller has aborted, whatever was thrown is a consequence.
  if (call.timedOut) return { kind: 'timeout', operation, attempts, timeoutMs, message: `${operation} timed out after ${Math.ceil(timeoutMs)} ms` };
  if (signal.aborted) return { kind: 'aborted', operation, attempts, reason: signal.reason, message: `${operation} aborted` };
  if (thrown instanceof CarriedError) return thrown.error;
  if (thrown instanceof InputRefusal) {
    const check = new InputCheck();
    check.add(thrown.path, thrown.problem);
    return { ...check.error(operation)!, attempts };
  }
  if (thrown instanceof HookFailure) {
    const { hook, problem, cause } = thrown;
    const said = cause === undefined ? '' : ` (${oneLine(describeThrown(cause), call.secrets(), 200)})`;
    return { kind: 'hook_failed', operation, attempts, hook, cause, message: `${operation} failed: the ${hook} option ${problem}${said}` };
  }
  return { kind: 'network', operation, attempts, cause: thrown, message: `${operation} failed: no reply (${describeThrown(thrown)})` };
}

/** A thrown value as a short string, without calling code that may throw again. */
function describeThrown(thrown: unknown): string {
  try {
    return String(thrown);
  } catch {
    return typeof thrown;
  }
}

/** A failed result. */
export function fail<E>(error: AnyError): Failure<E> {
  return { ok: false, error: error as E };
}
