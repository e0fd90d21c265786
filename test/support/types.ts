// Type-level helpers of the type tests: an error union's kinds, exact type equality, and the kinds every call can fail with.

/** The `kind`s of an error union. */
export type Kinds<E extends { kind: string }> = E['kind'];

/** True when A and B are the same type (not merely assignable either way). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** The kinds of failure every operation can end in besides its declared statuses. */
export type Transport = 'server' | 'unexpected_response' | 'network' | 'timeout' | 'aborted' | 'hook_failed' | 'invalid_input';
