import type { Call } from './call.js';
import type { AnyError, HttpErrorBase, InputIssue, InvalidInputError, TransportError } from './errors.js';

const REDACTED = '[redacted]';

/** Carries an SDK error through code that can only throw (a fetch function), to be returned as-is. */
export class CarriedError extends Error {
  constructor(readonly error: AnyError) {
    super(error.message);
  }
}

/**
 * Text from a server or the caller made safe for a log line: secrets removed (before cutting, so no
 * part of one is left), no line breaks or control characters, at most `max` characters.
 */
const oneLine = (text: string, secrets: readonly string[], max: number) =>
  (secretRemover(secrets)?.(text) ?? text).replace(/[\0-\x1f\x7f-\x9f\u2028\u2029]+/g, ' ').slice(0, max);

/** Builds the fields every HTTP error has, and `retryAfterMs` for `rate_limited`. */
export function httpError<K extends string, B>(
  kind: K,
  call: Call,
  { status, headers }: Response,
  body: B | string | undefined,
  detail?: string,
): HttpErrorBase<K, B> {
  const { operation, attempts, retryAfterMs } = call;
  const notes = [
    attempts > 1 && `${attempts} attempts`,
    kind === 'rate_limited' && retryAfterMs !== undefined && `asked to wait ${retryAfterMs} ms`,
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

/** The error for something thrown while a call ran: timeout, abort, a broken connection or body. */
export function thrownError(call: Call, thrown: unknown): TransportError | AnyError {
  const { operation, attempts, signal, timeoutMs } = call;
  return thrown instanceof CarriedError
    ? thrown.error
    : call.timedOut
      ? { kind: 'timeout', operation, attempts, timeoutMs, message: `${operation} timed out after ${timeoutMs} ms` }
      : signal.aborted
        ? { kind: 'aborted', operation, attempts, reason: signal.reason, message: `${operation} aborted` }
        : { kind: 'network', operation, attempts, cause: thrown, message: `${operation} failed: no reply (${thrown})` };
}

/** Collects every problem with a call's input before anything is sent. */
export class InputCheck {
  readonly issues: InputIssue[] = [];

  add(path: string, problem: string): void {
    this.issues.push({ path, problem });
  }

  /** The invalid_input error, or undefined when the input is fine. */
  error(operation: string, secrets: readonly string[] = []): InvalidInputError | undefined {
    const { issues } = this;
    if (!issues.length) return undefined;
    // Paths hold the caller's record keys (DX attribute names): kept whole in `issues`, not in the message.
    const message = oneLine(
      `${operation}: invalid input: ${issues.map((i) => `${i.path} ${i.problem}`).join('; ')}`,
      secrets,
      1000,
    );
    return { kind: 'invalid_input', operation, attempts: 0, issues, message };
  }
}

/**
 * Replaces each secret with "[redacted]", in each form it may be echoed in: as sent, form-encoded,
 * URL-encoded or JSON-escaped. Secrets under 8 characters are left alone: too short to be secret,
 * and replacing them would garble every message.
 */
function secretRemover(secrets: readonly string[]): ((text: string) => string) | undefined {
  const forms = secrets
    .filter((secret) => secret.length >= 8)
    .flatMap((secret) => [
      secret,
      new URLSearchParams({ s: secret }).toString().slice(2),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]);
  return forms.length ? (text) => forms.reduce((clean, form) => clean.replaceAll(form, REDACTED), text) : undefined;
}

/**
 * The error with every secret removed wherever a server could have echoed it: the message, the
 * body (text or JSON, keys included), the headers and any field taken from the body.
 */
export function redact<E extends AnyError>(error: E, secrets: readonly string[]): E {
  const remove = secretRemover(secrets);
  const scrub = (value: unknown, depth: number): unknown =>
    typeof value === 'string'
      ? remove!(value)
      : value instanceof Headers
        ? new Headers([...value].map(([name, text]): [string, string] => [name, remove!(text)]))
        : Array.isArray(value)
          ? depth > 32
            ? REDACTED
            : value.map((item) => scrub(item, depth + 1))
          : value && Object.getPrototypeOf(value) === Object.prototype
            ? depth > 32
              ? REDACTED
              : Object.fromEntries(Object.entries(value).map(([key, item]) => [remove!(key), scrub(item, depth + 1)]))
            : value;
  return remove ? (scrub(error, 0) as E) : error;
}
