import type { Call } from '../core/call.js';
import type { AnyError, ErrorBase, HttpErrorBase, TransportError } from '../core/errors.js';
import { httpError } from '../core/failures.js';
import { isRecord } from '../core/validate.js';
import type { components } from '../generated/dx.js';

type Schemas = components['schemas'];

/** A DX error code: the documented ones as literals, and any other string DX may send. */
export type DxErrorCode = Schemas['DocumentedErrorCode'] | (string & {});

/** DX's error reply, `{ ok: false, error, message?, error_details? }`. */
export type DxErrorBody = Omit<Schemas['ErrorReply'], 'error'> & { error: DxErrorCode };

/** The user as DX returns it after an update. */
export type DxUser = Schemas['UserWithAttributes'];

/** An HTTP error from DX, with the error code when the reply had one. */
export interface DxHttpError<K extends string> extends HttpErrorBase<K, DxErrorBody> {
  readonly code: DxErrorCode | undefined;
}

/** 429: over DX's 1000 requests per minute. */
export interface DxRateLimitedError extends DxHttpError<'rate_limited'> {
  readonly retryAfterMs: number | undefined;
}

/**
 * DX applied the update but listed `failures`: some attributes were not set. `user` holds what DX
 * now has, `failures` what it reported.
 */
export interface DxPartialFailureError extends ErrorBase<'partial_failure'> {
  readonly status: number;
  readonly user: DxUser;
  readonly failures: readonly unknown[];
  readonly headers: Headers;
  readonly requestId: string | undefined;
}

/** Every error `updateUserAttributes` can produce. */
export type DxUpdateUserAttributesError =
  /** 401, or the codes `not_authed` / `invalid_auth`. */
  | DxHttpError<'unauthorized'>
  /** 403: the token lacks the `users:write` scope or the account is not allowed. */
  | DxHttpError<'forbidden'>
  /** 404. */
  | DxHttpError<'not_found'>
  /** Any other `ok: false` reply (at 200, 422 or another status), with its `code`. */
  | DxHttpError<'api_error'>
  | DxRateLimitedError
  | DxPartialFailureError
  | TransportError;

const KIND_BY_STATUS: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 429: 'rate_limited' };
const AUTH_CODES: readonly unknown[] = ['not_authed', 'invalid_auth'] satisfies Schemas['DocumentedErrorCode'][];

/** Turns a DX failure reply (non-2xx, or `ok` not `true`) into the operation's error. */
export function dxHttpError(call: Call, response: Response, body: unknown): AnyError {
  const { status } = response;
  const { error: code, message, error_details: details } = isRecord(body) ? body : ({} as Record<string, undefined>);
  const hasCode = typeof code === 'string';
  const kind =
    status >= 500
      ? 'server'
      : status >= 300 && status < 400
        ? 'unexpected_response'
        : (KIND_BY_STATUS[status] ??
          (AUTH_CODES.includes(code) ? 'unauthorized' : hasCode ? 'api_error' : 'unexpected_response'));
  const detail = [code, message ?? Object(details).message].filter((part) => typeof part === 'string').join(': ');
  return Object.assign(
    httpError(kind, call, response, body as DxErrorBody | undefined, detail || '`ok` is not true'),
    { code: hasCode ? code : undefined },
  );
}
