/** Why a fake service refuses a request; each service maps it to its own status and body. */
export type FakeErrorKind = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'validation';

/** One field's problem, reported in a Looker 422 `errors` list or a DX error message. */
export interface FieldProblem {
  /** The field in the service's wire format, e.g. `[1].rank` or `value`. */
  readonly field: string;
  /** Looker's codes: `missing`, `invalid`, and `already_exists` for a taken name or label. */
  readonly code: 'missing' | 'invalid' | 'already_exists';
  readonly message: string;
}

/**
 * A request a fake service refuses. The HTTP layer turns it into the service's error reply;
 * seeding methods let it propagate, so a bad seed fails the test loudly.
 */
export class FakeRequestError extends Error {
  override readonly name = 'FakeRequestError';

  constructor(
    /** What went wrong, independent of the service's wire format. */
    readonly kind: FakeErrorKind,
    message: string,
    /** For `validation`: every field that failed, not just the first. */
    readonly fieldProblems: readonly FieldProblem[] = [],
    /** A service-specific error code (DX's `error` string), when the service has one. */
    readonly code?: string,
  ) {
    super(message);
  }
}
