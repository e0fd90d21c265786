// The shape of every outcome the SDK, the sync and the command line return: a success with its
// data, or a failure with its error. Never thrown.

/** A success: the data. */
export interface Ok<T> {
  readonly ok: true;
  readonly data: T;
}

/** A call that worked: the parsed body and the raw response it came from. */
export interface Success<T> extends Ok<T> {
  readonly response: Response;
}

/** A call that failed: `error.kind` says how. */
export interface Failure<E> {
  readonly ok: false;
  readonly error: E;
}

/** What every SDK method resolves to. Methods never throw for HTTP, network or input failures. */
export type Result<T, E> = Success<T> | Failure<E>;

/**
 * The same without the HTTP response: what the sync and the command line resolve to, where one
 * outcome may stand for many requests or none.
 */
export type PlainResult<T, E> = Ok<T> | Failure<E>;

/** A success holding `data`. */
export const success = <T>(data: T): Ok<T> => ({ ok: true, data });

/** A failure holding `error`. */
export const failure = <E>(error: E): Failure<E> => ({ ok: false, error });
