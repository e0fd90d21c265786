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

const AUTH_CODES: readonly string[] = ['not_authed', 'invalid_auth'] satisfies Schemas['DocumentedErrorCode'][];

/** Turns a DX failure reply (non-2xx, or `ok` not `true`) into the operation's error. */
export function dxHttpError(call: Call, operation: string, response: Response, body: unknown): AnyError {
  const { status } = response;
  const code = isRecord(body) && typeof body.error === 'string' ? body.error : undefined;
  const parsed = body === '' ? undefined : (body as DxErrorBody | string | undefined);
  const detail = [code, messageOf(body)].filter(Boolean).join(': ') || undefined;
  const error = (kind: string) => Object.assign(httpError(kind, call, operation, response, parsed, detail), { code });
  if (status >= 500) return httpError('server', call, operation, response, parsed, detail);
  if (status >= 300 && status < 400) {
    return httpError('unexpected_response', call, operation, response, parsed, 'redirects are not followed');
  }
  if (status === 429) return Object.assign(error('rate_limited'), { retryAfterMs: call.retryAfterMs });
  if (status === 401 || (code !== undefined && AUTH_CODES.includes(code))) return error('unauthorized');
  if (status === 403) return error('forbidden');
  if (status === 404) return error('not_found');
  if (code !== undefined) return error('api_error');
  return httpError('unexpected_response', call, operation, response, parsed, detail ?? 'the reply is not a DX reply (`ok` is not true)');
}

function messageOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.message === 'string') return body.message;
  const details = body.error_details;
  return isRecord(details) && typeof details.message === 'string' ? details.message : undefined;
}
