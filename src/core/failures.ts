import type { Call } from './call.js';
import type { AnyError, HttpErrorBase, InputIssue, InvalidInputError, TransportError } from './errors.js';

/** Carries an SDK error through code that can only throw (a fetch function), to be returned as-is. */
export class CarriedError extends Error {
  constructor(readonly error: AnyError) {
    super(error.message);
  }
}

/** Builds the fields every HTTP error has. */
export function httpError<K extends string, B>(
  kind: K,
  call: Call,
  operation: string,
  response: Response,
  body: B | string | undefined,
  detail?: string,
): HttpErrorBase<K, B> {
  const summary = `${operation} failed: HTTP ${response.status} (${kind.replaceAll('_', ' ')})`;
  return {
    kind,
    message: detail ? `${summary}: ${detail}` : summary,
    operation,
    attempts: call.attempts,
    status: response.status,
    body,
    headers: response.headers,
    requestId: response.headers.get('x-request-id') ?? undefined,
  };
}

/** The error for something thrown while a call ran: timeout, abort, a broken connection or body. */
export function thrownError(call: Call, operation: string, thrown: unknown): TransportError | AnyError {
  if (thrown instanceof CarriedError) return thrown.error;
  const base = { operation, attempts: call.attempts };
  if (call.timedOut) {
    return { ...base, kind: 'timeout', timeoutMs: call.timeoutMs, message: `${operation} timed out after ${call.timeoutMs} ms` };
  }
  if (call.abortedByCaller) {
    return { ...base, kind: 'aborted', reason: call.signal.reason, message: `${operation} was aborted` };
  }
  if (thrown instanceof SyntaxError && call.response) {
    return httpError('unexpected_response', call, operation, call.response, undefined, 'the body is not valid JSON');
  }
  const detail = thrown instanceof Error ? `: ${thrown.message}` : '';
  return { ...base, kind: 'network', cause: thrown, message: `${operation} failed: no usable reply${detail}` };
}

/** Collects every problem with a call's input before anything is sent. */
export class InputCheck {
  readonly issues: InputIssue[] = [];

  add(path: string, problem: string): void {
    this.issues.push({ path, problem });
  }

  /** The invalid_input error, or undefined when the input is fine. */
  error(operation: string): InvalidInputError | undefined {
    if (this.issues.length === 0) return undefined;
    const list = this.issues.map((i) => (i.path ? `${i.path} ${i.problem}` : i.problem)).join('; ');
    return { kind: 'invalid_input', operation, attempts: 0, issues: this.issues, message: `${operation}: invalid input: ${list}` };
  }
}
