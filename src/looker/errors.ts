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
import { httpError, isHtml, type AnyError } from '../core/failures.js';
import { oneLine } from '../core/redaction.js';
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
  create_user_attribute: [400, 401, 404, 409, 422, 429],
  user_attribute: [400, 401, 404, 429],
  update_user_attribute: [400, 401, 404, 422, 429],
  delete_user_attribute: [400, 401, 404, 429],
  all_group_users: [400, 401, 404, 429],
  saml_config: [401, 403, 404, 429],
  oidc_config: [401, 403, 404, 429],
  ldap_config: [401, 403, 404, 429],
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

// Room always left for the server's own text of a 422, however many fields it lists.
const MIN_VALIDATION_TEXT = 40;

/**
 * A 422's field errors in one line, each `field: code: message` (the parts it has), separated by
 * `; ` (a message may hold commas): `value: invalid: must be a number; rank: missing`, as many as
 * fit in `room`, then how many more. Secrets are removed before anything is cut.
 */
function describeFieldErrors(errors: readonly unknown[], secrets: readonly string[], room: number): string {
  const named = errors.map((item) => {
    const { field, code, message } = isRecord(item) ? item : {};
    const text = [field, code, message].filter((part) => typeof part === 'string' && part.trim()).join(': ') || '?';
    return oneLine(text, secrets, 100);
  });
  const unique = [...new Set(named)];
  let shown = '';
  for (const [i, text] of unique.entries()) {
    const next = shown ? `${shown}; ${text}` : text;
    if (next.length > room && shown) return `${shown} and ${unique.length - i} more`;
    shown = next;
  }
  return shown;
}

/** The detail of an error reply's message: the server's message, a 422's fields, or what the body is. */
function detailOf(call: Call, response: Response, body: unknown, fieldErrors: readonly unknown[]): string | undefined {
  const { status } = response;
  const message = isRecord(body) && typeof body.message === 'string' ? body.message : undefined;
  if (status >= 300 && status < 400) return 'redirect not followed';
  if (fieldErrors.length) {
    // The fields matter most: they get most of the line, the server's own text what is left.
    const fields = describeFieldErrors(fieldErrors, call.secrets(), 150);
    const text = oneLine(message ?? 'validation failed', call.secrets(), Math.max(MIN_VALIDATION_TEXT, 197 - fields.length));
    return `${text} (${fields})`;
  }
  return message ?? (isHtml(response, body) ? 'an HTML page, not Looker\'s JSON' : undefined);
}

/** Turns a Looker error reply into the operation's error; statuses the spec does not declare are unexpected. */
export function lookerHttpError(call: Call, declared: readonly number[], response: Response, body: unknown): AnyError {
  const { status } = response;
  const record = isRecord(body) ? body : {};
  const kind = classifyStatus(status, declared, KIND_BY_STATUS);
  const fieldErrors = kind === 'validation' && Array.isArray(record.errors) ? (record.errors as unknown[]) : [];
  const detail = detailOf(call, response, body, fieldErrors);
  return Object.assign(httpError(kind, call, response, body, detail), kind === 'validation' ? { fieldErrors } : {});
}

/** What to check when the login did not reach Looker's API: the instance URL, not a path into it. */
export const BASE_URL_HINT = 'the base URL may be wrong (it must be the instance, e.g. https://acme.looker.com, not an /api/3.1 URL)';

/** A failed login. Looker refuses bad credentials with 400, 401, 403 or 404 depending on version. */
export function loginHttpError(call: Call, response: Response, body: unknown): AnyError {
  const { status } = response;
  const refused = [400, 401, 403, 404].includes(status);
  const error = lookerHttpError(call, refused ? [status] : [429], response, body);
  if (!refused) return error;
  // A 404 or an HTML page means the request may never have reached Looker's API at all.
  const lost = status === 404 || isHtml(response, body);
  const why = lost
    ? `client id or secret refused, or ${BASE_URL_HINT}`
    : 'client id or secret refused';
  return { ...error, kind: 'unauthorized', message: `login failed: HTTP ${status}: ${why}` };
}
