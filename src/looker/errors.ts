// Looker's error bodies, each operation's error union, and Looker's meaning of each status.
import type { Call } from '../core/call.js';
import { classifyStatus } from '../core/classify.js';
import type {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TransportError,
  UnauthorizedError,
  ValidationError,
} from '../core/errors.js';
import { httpError, type AnyError } from '../core/failures.js';
import { isRecord } from '../core/input-checks.js';
import type { components, operations } from '../generated/looker.js';

/** Looker's `Error` body. */
export type LookerErrorBody = components['schemas']['Error'];
/** Looker's `ValidationError` body (422). */
export type LookerValidationErrorBody = components['schemas']['ValidationError'];
/** One field's problem in a 422 reply. */
export type LookerFieldError = components['schemas']['ValidationErrorDetail'];

/** The error each declared status becomes. */
interface ErrorByStatus<B> {
  400: BadRequestError<B>;
  401: UnauthorizedError<B>;
  403: ForbiddenError<B>;
  404: NotFoundError<B>;
  409: ConflictError<B>;
  422: ValidationError<B, LookerFieldError>;
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

/**
 * Login failures. Looker answers bad credentials with 400, 401, 403 or 404 depending on version;
 * all of them become `unauthorized`.
 */
export type LoginError = UnauthorizedError<LookerErrorBody> | RateLimitedError<LookerErrorBody> | TransportError;

/** Runtime copy of each operation's declared error statuses; type tests keep it equal to the spec. */
export const DECLARED_STATUSES = {
  all_users: [400, 401, 404, 429],
  search_users: [400, 401, 404, 429],
  all_user_attributes: [400, 401, 404, 429],
  all_groups: [400, 401, 404, 429],
  search_groups: [400, 401, 404, 429],
  user_attribute_user_values: [401, 404, 429],
  set_user_attribute_user_value: [400, 401, 403, 404, 422, 429],
  delete_user_attribute_user_value: [400, 401, 403, 404, 429],
  update_user_attribute_group_value: [400, 401, 403, 404, 422, 429],
  delete_user_attribute_group_value: [400, 401, 403, 404, 429],
  all_user_attribute_group_values: [400, 401, 404, 429],
  set_user_attribute_group_values: [400, 401, 404, 409, 422, 429],
  logout: [400, 401, 404, 429],
} as const satisfies { [Op in keyof operations]?: readonly DeclaredStatus<Op>[] };

/** The Looker operations this SDK wraps. */
export type LookerOperation = keyof typeof DECLARED_STATUSES;

const KIND_BY_STATUS = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation',
  429: 'rate_limited',
};

/** A 422's field errors in one line: `value: invalid (must be a number), rank: missing`. */
function describeFieldErrors(errors: readonly unknown[]): string {
  return errors
    .filter(isRecord)
    .map(({ field, code, message }) => [field, code].filter((part) => typeof part === 'string').join(': ') || String(message ?? '?'))
    .join(', ');
}

/** Turns a Looker error reply into the operation's error; statuses the spec does not declare are unexpected. */
export function lookerHttpError(call: Call, declared: readonly number[], response: Response, body: unknown): AnyError {
  const { status } = response;
  const record = isRecord(body) ? body : {};
  const kind = classifyStatus(status, declared, KIND_BY_STATUS);
  const fieldErrors = kind === 'validation' && Array.isArray(record.errors) ? (record.errors as unknown[]) : [];
  const message = typeof record.message === 'string' ? record.message : undefined;
  const detail =
    status >= 300 && status < 400
      ? 'redirect not followed'
      : fieldErrors.length
        ? `${message ?? 'validation failed'} (${describeFieldErrors(fieldErrors)})`
        : message;
  return Object.assign(httpError(kind, call, response, body, detail), kind === 'validation' ? { fieldErrors } : {});
}

/** Whether a reply is an HTML page (a proxy's, or a web UI at the wrong path) rather than the API's JSON. */
const isHtml = (response: Response, body: unknown) =>
  /html/i.test(response.headers.get('content-type') ?? '') || (typeof body === 'string' && /^\s*</.test(body));

/** A failed login. Looker refuses bad credentials with 400, 401, 403 or 404 depending on version. */
export function loginHttpError(call: Call, response: Response, body: unknown): AnyError {
  const { status } = response;
  const refused = [400, 401, 403, 404].includes(status);
  const error = lookerHttpError(call, refused ? [status] : [429], response, body);
  if (!refused) return error;
  // A 404 or an HTML page means the request may never have reached Looker's API at all.
  const lost = status === 404 || isHtml(response, body);
  const why = lost
    ? 'client id or secret refused, or the base URL is wrong (it must be the instance, e.g. https://acme.looker.com, not an /api/3.1 URL)'
    : 'client id or secret refused';
  return { ...error, kind: 'unauthorized', message: `login failed: HTTP ${status}: ${why}` };
}
