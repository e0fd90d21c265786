// Runs one wrapped operation: input checked before sending, the request sent through openapi-fetch
// and the call, and whatever happens turned into a result with the client's secrets removed.
import { Call, type Auth } from './call.js';
import { CarriedError, fail, isHtml, thrownError, unexpectedBody, type AnyError } from './failures.js';
import { checkCount, describe, InputCheck, readInput } from './input-checks.js';
import { redact } from './redaction.js';
import type { Result } from './result.js';
import { timeoutProblem } from './defaults.js';
import { type CallOptions, type Settings } from './options.js';
import { through, type Via } from './transport.js';

/** What openapi-fetch resolves to for a wrapped call (`parseAs: 'text'`). */
export interface Sent {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/** A reply and its body. */
export interface Reply {
  /** Parsed JSON; the text of an error reply that is not JSON; undefined when empty. */
  readonly body?: unknown;
  readonly response: Response;
}

export interface Operation<T> {
  readonly name: string;
  readonly settings: Settings;
  /** How requests are authenticated; none for a login or a logout. */
  readonly auth?: Auth | undefined;
  /**
   * Reads the input once and notes each problem on `check`; returns what sends the request (an
   * openapi-fetch call given `via` as its per-request options), used only when there were none.
   */
  readonly prepare: (check: InputCheck) => (via: Via, call: Call) => Promise<Sent>;
  /** What a success that is an HTML page may mean, added to its message (a login: a wrong base URL). */
  readonly htmlHint?: string;
  /** Turns the reply into the result. */
  readonly interpret: (reply: Reply, call: Call) => Result<T, AnyError>;
}

/** The body of what openapi-fetch gave: a success's text parsed as JSON (it must be), an error's as it came. */
function replyOf(call: Call, { data, error, response }: Sent, htmlHint: string | undefined): Reply {
  if (!response.ok) return { body: error === '' ? undefined : error, response };
  if (typeof data !== 'string' || !data) return { response };
  try {
    return { body: JSON.parse(data), response };
  } catch {
    throw new CarriedError(unexpectedBody(call, response, isHtml(response, data) ? `an HTML page, not JSON${htmlHint ? `: ${htmlHint}` : ''}` : 'invalid JSON'));
  }
}

/** Reads and checks the per-call options once, own properties only (a getter or a polluted prototype cannot change them later). */
function readCallOptions(check: InputCheck, options: unknown): CallOptions {
  const { signal, timeoutMs, maxRetries, rateLimit, onRequest } = options === undefined ? {} : readInput(check, options, 'options');
  if (signal !== undefined && !(signal instanceof AbortSignal)) check.add('options.signal', 'must be an AbortSignal');
  const problem = timeoutMs === undefined ? undefined : timeoutProblem(timeoutMs);
  if (problem) check.add('options.timeoutMs', problem);
  checkCount(check, 'options.maxRetries', maxRetries, 0);
  if (rateLimit !== undefined && rateLimit !== false) check.add('options.rateLimit', 'must be false or left out');
  if (onRequest !== undefined && typeof onRequest !== 'function') check.add('options.onRequest', `must be a function, got ${describe(onRequest)}`);
  return { signal, timeoutMs, maxRetries, rateLimit, onRequest } as CallOptions;
}

/**
 * Runs one SDK call: refuses bad input before sending, sends with retries and the deadline, and
 * turns whatever happens into a result, with the client's secrets removed from any error. Never
 * throws or rejects, whatever it is given from plain JavaScript: input that throws when read (a
 * throwing getter, a revoked Proxy) is refused as `invalid_input` too.
 */
export async function runOperation<T, E>(
  { name, settings, auth, prepare, interpret, htmlHint }: Operation<T>,
  options: unknown,
): Promise<Result<T, E>> {
  let call: Call | undefined;
  let reading = 'input';
  try {
    const check = new InputCheck();
    const request = prepare(check);
    reading = 'options';
    const callOptions = readCallOptions(check, options);
    if (check.issues.length) {
      const secrets = settings.secrets();
      return fail(redact(check.error(name, secrets)!, secrets));
    }
    call = new Call(name, settings, auth, callOptions);
    const result = interpret(replyOf(call, await request(through(call), call), htmlHint), call);
    return (result.ok ? result : fail(redact(result.error, settings.secrets()))) as Result<T, E>;
  } catch (thrown) {
    if (call) return fail(redact(thrownError(call, thrown), settings.secrets()));
    const unreadable = new InputCheck();
    unreadable.add(reading, 'could not be read');
    return fail(unreadable.error(name)!);
  } finally {
    call?.done();
  }
}
