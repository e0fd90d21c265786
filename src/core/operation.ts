import { discard, startCall, type Attempt, type Call, type Outgoing, type Send } from './call.js';
import type { AnyError } from './errors.js';
import { CarriedError, httpError, InputCheck, redact, thrownError } from './failures.js';
import type { Failure, Result } from './result.js';
import { isMillis, type CallOptions, type Settings } from './settings.js';
import { readInput } from './validate.js';

/** A reply and its body, read by `exchange`. */
export interface Reply {
  /** Parsed JSON; the text of an error reply that is not JSON; undefined when empty. */
  body?: unknown;
  response: Response;
}

export interface Operation<T> {
  readonly name: string;
  readonly settings: Settings;
  readonly send: Send;
  /**
   * Reads the input once and notes each problem on `check`; returns what sends the request
   * (through the call, usually with `exchange`), used only when there were none.
   */
  readonly prepare: (check: InputCheck) => (call: Call) => Promise<Reply>;
  /** Turns the reply into the result. */
  readonly interpret: (reply: Reply, call: Call) => Result<T, AnyError>;
}

/**
 * Runs one SDK call: refuses bad input before sending, sends with retries and the deadline, and
 * turns whatever happens into a result, with the client's secrets removed from any error. Never
 * throws or rejects, whatever it is given from plain JavaScript: input that throws when read (a
 * throwing getter, a revoked Proxy) is refused as `invalid_input` too.
 */
export async function runOperation<T, E>(
  { name, settings, send, prepare, interpret }: Operation<T>,
  options: unknown,
): Promise<Result<T, E>> {
  let call: Call | undefined;
  let reading = 'input';
  try {
    const check = new InputCheck();
    const request = prepare(check);
    reading = 'options';
    // Read once, own properties only: a getter or a polluted prototype cannot change them later.
    const { signal, timeoutMs } = options === undefined ? {} : readInput(check, options, 'options');
    if (signal !== undefined && !(signal instanceof AbortSignal)) check.add('options.signal', 'must be an AbortSignal');
    if (!isMillis(timeoutMs)) check.add('options.timeoutMs', 'must be a number of milliseconds from 0 to 2147483647');
    if (check.issues.length) {
      const secrets = settings.secrets();
      return fail(redact(check.error(name, secrets)!, secrets));
    }
    call = startCall(name, settings, send, { signal, timeoutMs } as CallOptions);
    const result = interpret(await request(call), call);
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

/**
 * Reply bodies larger than this are refused as `unexpected_response`: no reply of these operations
 * comes near it, and a runaway proxy cannot fill the memory. (A raw client has no limit.)
 */
export const MAX_BODY_BYTES = 10 * 2 ** 20;

/** Sends `request` through the call and reads the reply's body, refusing one over MAX_BODY_BYTES. */
export async function exchange(call: Call, request: Outgoing): Promise<Reply> {
  const response = await call.send(request);
  const refuse = (detail: string) => new CarriedError(unexpectedBody(call, response, detail));
  const tooLarge = `body over ${MAX_BODY_BYTES} bytes`;
  if (Number(response.headers.get('content-length')) > MAX_BODY_BYTES) {
    discard(response);
    throw refuse(tooLarge);
  }
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    if ((size += value.byteLength) > MAX_BODY_BYTES) {
      reader.cancel().catch(() => {});
      throw refuse(tooLarge);
    }
    text += decoder.decode(value, { stream: true });
  }
  text += decoder.decode();
  if (!text) return { response };
  try {
    return { body: JSON.parse(text), response };
  } catch {
    // A success must be the JSON the spec declares; an error reply may be a proxy's text.
    if (response.ok) throw refuse('invalid JSON');
    return { body: text, response };
  }
}

/** Sends an attempt with a bearer token. */
export function sendWithToken(settings: Settings, token: string, { url, init }: Attempt): Promise<Response> {
  init.headers.set('Authorization', `Bearer ${token}`);
  return settings.fetch(url, init);
}

/** The `unexpected_response` error for a body the SDK cannot use: not as the spec declares, or too large. */
export function unexpectedBody(call: Call, response: Response, detail = 'body not as specified'): AnyError {
  return httpError('unexpected_response', call, response, undefined, detail);
}

/** The SDK builds errors at run time; each operation's union type is proven by the type tests. */
export function fail<E>(error: AnyError): Failure<E> {
  return { ok: false, error: error as E };
}
