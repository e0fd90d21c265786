// DX's error bodies, each operation's error union, and DX's meaning of each status and code.
import type { Call } from '../core/call.js';
import { classifyStatus } from '../core/classify.js';
import type {
  ErrorBase,
  ForbiddenError,
  HttpError,
  NotFoundError,
  RateLimitedError,
  TransportError,
  UnauthorizedError,
} from '../core/errors.js';
import { httpError, type AnyError } from '../core/failures.js';
import { isRecord } from '../core/input-checks.js';
import type { components } from '../generated/dx.js';

type Schemas = components['schemas'];

/** A DX error code: the documented ones as literals, and any other string DX may send. */
export type DxErrorCode = Schemas['DocumentedErrorCode'] | (string & {});

/** DX's error reply, `{ ok: false, error, message?, error_details? }`. */
export type DxErrorBody = Omit<Schemas['ErrorReply'], 'error'> & { error: DxErrorCode };

/** The user as DX returns it after an update. */
export type DxUser = Schemas['UserWithAttributes'];

/** What every DX HTTP error adds to the shared one: the error code, when the reply had one. */
export interface DxErrorCodeField {
  readonly code: DxErrorCode | undefined;
}

/** A shared HTTP error as DX sends it: with DX's body and its error code. */
export type DxHttpError<E extends HttpError<string, DxErrorBody>> = E & DxErrorCodeField;

/** Any other `ok: false` reply (at 200, 422 or another status), with its `code`. */
export interface DxApiError extends HttpError<'api_error', DxErrorBody>, DxErrorCodeField {}

/**
 * DX applied the update but listed `failures`: some attributes were not set. `user` holds what DX
 * now has, `failures` what it reported.
 */
export interface DxPartialFailureError extends HttpError<'partial_failure', Schemas['UsersAttributesUpdateSuccess']> {
  readonly user: DxUser;
  readonly failures: readonly unknown[];
}

/** Errors every DX operation can produce. */
export type DxOperationError =
  /** 401, or the codes `not_authed` / `invalid_auth`. */
  | DxHttpError<UnauthorizedError<DxErrorBody>>
  /** 403: the token lacks the scope (`users:write`, `users:read`) or the account is not allowed. */
  | DxHttpError<ForbiddenError<DxErrorBody>>
  | DxHttpError<NotFoundError<DxErrorBody>>
  | DxHttpError<RateLimitedError<DxErrorBody>>
  | DxApiError
  | TransportError;

/** Every error `updateUserAttributes` can produce. */
export type DxUpdateUserAttributesError = DxOperationError | DxPartialFailureError;

/** Every error `listUsersPage` and `listUsers` can produce. */
export type DxListUsersError = DxOperationError;

// DX declares only a default error reply; these statuses mean the same on every operation.
const DECLARED = [401, 403, 404, 429];
const KIND_BY_STATUS = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 429: 'rate_limited' };
const AUTH_CODES: readonly unknown[] = ['not_authed', 'invalid_auth'] satisfies Schemas['DocumentedErrorCode'][];

/** Turns a DX failure reply (non-2xx, or `ok` not `true`) into the operation's error. */
export function dxHttpError(call: Call, response: Response, body: unknown): AnyError {
  const { status } = response;
  const { ok, error: code, message, error_details: details } = isRecord(body) ? body : ({} as Record<string, undefined>);
  const hasCode = typeof code === 'string';
  let kind = classifyStatus(status, DECLARED, KIND_BY_STATUS);
  // Below 500 and not a redirect, the code decides what the status did not.
  if (kind === 'unexpected_response' && (status < 300 || status >= 400)) {
    kind = AUTH_CODES.includes(code) ? 'unauthorized' : hasCode ? 'api_error' : 'unexpected_response';
  }
  const said = [code, message ?? Object(details).message].filter((part) => typeof part === 'string').join(': ');
  const detail =
    said ||
    (typeof body === 'string' && /^\s*</.test(body)
      ? `${status >= 500 ? 'a server error page' : 'an HTML page'}, not DX's JSON`
      : response.ok && isRecord(body)
        ? `ok is ${ok === undefined ? 'missing' : JSON.stringify(ok)}, not true`
        : undefined);
  return Object.assign(httpError(kind, call, response, body as DxErrorBody | undefined, detail), { code: hasCode ? code : undefined });
}

/** The error for a DX success whose `failures` list is not empty. */
export function partialFailure(call: Call, response: Response, body: unknown, user: DxUser, failures: readonly unknown[]): ErrorBase<string> {
  const error = httpError('partial_failure', call, response, body, `${failures.length} attribute(s) not applied`);
  return Object.assign(error, { user, failures });
}
