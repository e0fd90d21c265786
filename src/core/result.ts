// The shape of every SDK method's outcome: a success with its data, or a failure with its error.
/** A call that worked: the parsed body and the raw response it came from. */
export interface Success<T> {
  readonly ok: true;
  readonly data: T;
  readonly response: Response;
}

/** A call that failed: `error.kind` says how. */
export interface Failure<E> {
  readonly ok: false;
  readonly error: E;
}

/** What every SDK method resolves to. Methods never throw for HTTP, network or input failures. */
export type Result<T, E> = Success<T> | Failure<E>;
