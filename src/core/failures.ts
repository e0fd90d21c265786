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
  { status, headers }: Response,
  body: B | string | undefined,
  detail?: string,
): HttpErrorBase<K, B> {
  return {
    kind,
    message: `${operation} failed: HTTP ${status} ${kind}${detail ? `: ${detail}` : ''}`,
    operation,
    attempts: call.attempts,
    status,
    body,
    headers,
    requestId: headers.get('x-request-id') ?? undefined,
  };
}

/** The error for something thrown while a call ran: timeout, abort, a broken connection or body. */
export function thrownError(call: Call, operation: string, thrown: unknown): TransportError | AnyError {
  const { attempts, signal, timeoutMs, response } = call;
  return thrown instanceof CarriedError
    ? thrown.error
    : call.timedOut
      ? { kind: 'timeout', operation, attempts, timeoutMs, message: `${operation} timed out after ${timeoutMs} ms` }
      : signal.aborted
        ? { kind: 'aborted', operation, attempts, reason: signal.reason, message: `${operation} aborted` }
        : thrown instanceof SyntaxError && response
          ? httpError('unexpected_response', call, operation, response, undefined, 'invalid JSON')
          : { kind: 'network', operation, attempts, cause: thrown, message: `${operation} failed: no reply (${thrown})` };
}

/** Collects every problem with a call's input before anything is sent. */
export class InputCheck {
  readonly issues: InputIssue[] = [];

  add(path: string, problem: string): void {
    this.issues.push({ path, problem });
  }

  /** The invalid_input error, or undefined when the input is fine. */
  error(operation: string): InvalidInputError | undefined {
    const { issues } = this;
    const message = `${operation}: invalid input: ${issues.map((i) => `${i.path} ${i.problem}`).join('; ')}`;
    return issues[0] && { kind: 'invalid_input', operation, attempts: 0, issues, message };
  }
}

/** The error for input that throws when read (a throwing getter, a revoked Proxy). */
export function unreadableInput(operation: string, path: string): InvalidInputError {
  const check = new InputCheck();
  check.add(path, 'could not be read');
  return check.error(operation)!;
}
