import { Call, type Send } from './call.js';
import type { AnyError } from './errors.js';
import { httpError, type InputCheck, thrownError } from './failures.js';
import { checkCallOptions } from './options.js';
import type { Failure, Result } from './result.js';
import type { CallOptions, Settings } from './settings.js';

/** What openapi-fetch resolves to. */
export interface Reply {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface Operation<T> {
  readonly name: string;
  readonly settings: Settings;
  readonly send: Send;
  /** Sends the request through `call.fetch` and `call.signal`. */
  readonly request: (call: Call) => Promise<Reply>;
  /** Turns the reply into the result; `isData` is only consulted for 2xx replies. */
  readonly interpret: (reply: Reply, call: Call) => Result<T, AnyError>;
}

/**
 * Runs one SDK call: refuses bad input before sending, sends with retries and the deadline, and
 * turns whatever happens into a result. Never throws.
 */
export async function runOperation<T, E>(
  operation: Operation<T>,
  check: InputCheck,
  callOptions: CallOptions | undefined,
): Promise<Result<T, E>> {
  checkCallOptions(check, callOptions);
  const invalid = check.error(operation.name);
  if (invalid) return fail(invalid);
  const call = new Call(operation.name, operation.settings, operation.send, callOptions);
  try {
    const reply = await operation.request(call);
    return operation.interpret(reply, call) as Result<T, E>;
  } catch (thrown) {
    return fail(thrownError(call, operation.name, thrown));
  } finally {
    call.dispose();
  }
}

/** The error for a 2xx reply whose body is not what the spec declares. */
export function unexpectedBody(call: Call, operation: string, response: Response, detail = 'the body is not what the spec declares'): AnyError {
  return httpError('unexpected_response', call, operation, response, undefined, detail);
}

/** The SDK builds errors at run time; each operation's union type is proven by the type tests. */
export function fail<E>(error: AnyError): Failure<E> {
  return { ok: false, error: error as E };
}
