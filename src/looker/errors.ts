import type { AnyError, HttpErrorBase, RateLimitedError, TransportError } from '../core/errors.js';
import { httpError } from '../core/failures.js';
import type { Call } from '../core/call.js';
import { isRecord } from '../core/validate.js';
import type { components, operations } from '../generated/looker.js';

/** Looker's `Error` body. */
export type LookerErrorBody = components['schemas']['Error'];
/** Looker's `ValidationError` body (422). */
export type LookerValidationErrorBody = components['schemas']['ValidationError'];
/** One field's problem in a 422 reply. */
export type LookerFieldError = components['schemas']['ValidationErrorDetail'];

/** The credentials were refused: a 401 reply, a failed login, or a `getToken` callback that failed. */
export interface UnauthorizedError<B = LookerErrorBody> extends Omit<HttpErrorBase<'unauthorized', B>, 'status'> {
  /** HTTP status of the refusal; undefined when the `getToken` callback failed. */
  readonly status: number | undefined;
  /** What the `getToken` callback threw, when that was the failure. */
  readonly cause?: unknown;
}

/** 422: the server rejected the body; `fieldErrors` lists each field's problem. */
export interface ValidationFailedError<B = LookerValidationErrorBody> extends HttpErrorBase<'validation', B> {
  readonly fieldErrors: readonly LookerFieldError[];
}

/** The error each declared status becomes. */
interface ErrorByStatus<B> {
  400: HttpErrorBase<'bad_request', B>;
  401: UnauthorizedError<B>;
  403: HttpErrorBase<'forbidden', B>;
  404: HttpErrorBase<'not_found', B>;
  409: HttpErrorBase<'conflict', B>;
  422: ValidationFailedError<B>;
  429: RateLimitedError<B>;
}

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type Responses<Op extends keyof operations> = operations[Op]['responses'];

/** Error statuses the spec declares for an operation. */
export type DeclaredStatus<Op extends keyof operations> = keyof Responses<Op> & keyof ErrorByStatus<unknown>;

/** Every error one Looker operation can produce: its spec's error statuses plus transport failures. */
export type LookerOperationError<Op extends keyof operations> =
  | { [S in DeclaredStatus<Op>]: ErrorByStatus<JsonBody<Responses<Op>[S]>>[S] }[DeclaredStatus<Op>]
  | TransportError;

/** Every error `setUserAttributeUserValue` can produce. */
export type SetUserAttributeUserValueError = LookerOperationError<'set_user_attribute_user_value'>;
/** Every error `updateUserAttributeGroupValue` can produce. */
export type UpdateUserAttributeGroupValueError = LookerOperationError<'update_user_attribute_group_value'>;
/** Every error `setUserAttributeGroupValues` can produce (409 `conflict`, and no 403). */
export type SetUserAttributeGroupValuesError = LookerOperationError<'set_user_attribute_group_values'>;
/** Every error `logout` can produce. */
export type LogoutError = LookerOperationError<'logout'>;
/**
 * Login failures. Looker answers bad credentials with 400, 401, 403 or 404 depending on version;
 * all of them become `unauthorized`.
 */
export type LoginError = UnauthorizedError | RateLimitedError<LookerErrorBody> | TransportError;

/** Runtime copy of each operation's declared error statuses; type tests keep it equal to the spec. */
export const DECLARED_STATUSES = {
  set_user_attribute_user_value: [400, 401, 403, 404, 422, 429],
  update_user_attribute_group_value: [400, 401, 403, 404, 422, 429],
  set_user_attribute_group_values: [400, 401, 404, 409, 422, 429],
  logout: [400, 401, 404, 429],
} as const satisfies { [Op in keyof operations]?: readonly DeclaredStatus<Op>[] };

const KIND_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation',
  429: 'rate_limited',
};

/** Turns a Looker error reply into the operation's error; statuses the spec does not declare are unexpected. */
export function lookerHttpError(
  call: Call,
  declared: readonly number[],
  response: Response,
  body: unknown,
): AnyError {
  const { status } = response;
  const record = isRecord(body) ? body : {};
  const kind = status >= 500 ? 'server' : declared.includes(status) ? KIND_BY_STATUS[status]! : 'unexpected_response';
  const detail =
    status >= 300 && status < 400 ? 'redirect not followed' : typeof record.message === 'string' ? record.message : undefined;
  return Object.assign(httpError(kind, call, response, body, detail), {
    ...(kind === 'validation' && { fieldErrors: Array.isArray(record.errors) ? record.errors : [] }),
  });
}

/** A failed login. Looker refuses bad credentials with 400, 401, 403 or 404 depending on version. */
export function loginHttpError(call: Call, response: Response, body: unknown): AnyError {
  const refused = [400, 401, 403, 404].includes(response.status);
  const error = lookerHttpError(call, refused ? [response.status] : [429], response, body);
  return refused
    ? { ...error, kind: 'unauthorized', message: `login failed: HTTP ${response.status}: client id or secret refused` }
    : error;
}
