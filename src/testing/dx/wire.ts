// DX's reply shapes, typed by the project's own OpenAPI document.
import type { components } from '../../generated/dx.js';
import type { FakeErrorKind, FakeRequestError } from '../fake-error.js';
import { jsonReply } from '../replies.js';
import type { UpdatedUser } from './model.js';
import type { FakeDxUser } from './types.js';

type Schemas = components['schemas'];

/** The success reply of `users.list`. */
export type UsersListReply = Schemas['UsersListSuccess'];

/**
 * Status and code for each refusal. DX documents only 200 and 422; the fake answers auth failures
 * with 401 and unknown users with 404 (`user_not_found`) so each reads clearly in a test.
 */
const REPLY_BY_KIND: Record<FakeErrorKind, { status: number; code: string }> = {
  bad_request: { status: 400, code: 'invalid_json' },
  unauthorized: { status: 401, code: 'invalid_auth' },
  forbidden: { status: 403, code: 'missing_scope' },
  not_found: { status: 404, code: 'user_not_found' },
  conflict: { status: 409, code: 'conflict' },
  validation: { status: 422, code: 'invalid_arguments' },
};

/** The success reply of `users.attributes.update`. */
export function updateSuccess(user: UpdatedUser): Schemas['UsersAttributesUpdateSuccess'] {
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      attributes: user.attributes.map(({ name, value, updated }) => ({ name, value, updated })),
      failures: [],
    },
  };
}

/** A user as `users.list` shows it. */
export function listedUser(user: FakeDxUser): Schemas['ListedUser'] {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    github_username: user.githubUsername,
    attributes: Object.entries(user.attributes).map(([name, value]) => ({ name, value })),
    deleted_at: user.deletedAt,
    roles: [...user.roles],
  };
}

/** An `{ ok: false, error, message }` reply for a refused request. */
export function dxErrorReply(error: FakeRequestError): Response {
  const { status, code } = REPLY_BY_KIND[error.kind];
  const body: Schemas['ErrorReply'] = { ok: false, error: error.code ?? code, message: error.message };
  return jsonReply(status, body);
}

/** DX's 429. */
export function dxRateLimitedReply(headers: Record<string, string> = {}): Response {
  const body: Schemas['ErrorReply'] = { ok: false, error: 'rate_limited', message: 'Too many requests; back off and retry' };
  return jsonReply(429, body, headers);
}
