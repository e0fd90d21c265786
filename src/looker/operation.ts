// How each Looker method is made: input read and checked, one openapi-fetch call, the reply checked.
import type { Auth } from '../core/call.js';
import { fail, unexpectedBody, type AnyError } from '../core/failures.js';
import { readInput, type InputCheck } from '../core/input-checks.js';
import { runOperation, type Sent } from '../core/operation.js';
import type { Result } from '../core/result.js';
import type { CallOptions, Settings } from '../core/options.js';
import type { Via } from '../core/transport.js';
import { DECLARED_STATUSES, lookerHttpError, type LookerOperation } from './errors.js';

/** Reads a method's checked fields and returns what sends its request through `via`. */
export type Prepare = (check: InputCheck, fields: Record<string, unknown>) => (via: Via) => Promise<Sent>;

/** Checks a success's body: why it is not what the spec declares, or undefined when it is. */
export type BodyCheck = (body: unknown) => string | undefined;

/** A Looker method's definition. */
export interface MethodSpec {
  readonly name: LookerOperation;
  readonly prepare: Prepare;
  readonly check: BodyCheck;
  /** The input may be left out (a list with no filters). */
  readonly optionalInput?: boolean;
  /** The method takes no input, only call options (`samlConfig(options?)`). */
  readonly noInput?: boolean;
}

/**
 * One Looker method: `prepare` checks the input and builds the request; a 2xx reply must pass
 * `check`, anything else is the operation's declared error (or a transport one). A method with
 * `noInput` takes only the call options.
 */
export function lookerMethod<T, E>(settings: Settings, auth: Auth, spec: MethodSpec) {
  const method = runMethod<T, E>(settings, auth, spec);
  return spec.noInput ? (options?: CallOptions) => method({}, options) : method;
}

const runMethod =
  <T, E>(settings: Settings, auth: Auth, { name, prepare, check, optionalInput }: MethodSpec) =>
    (input: unknown, options?: CallOptions): Promise<Result<T, E>> =>
      runOperation<T, E>(
        {
          name,
          settings,
          auth,
          prepare: (inputCheck) => prepare(inputCheck, readInput(inputCheck, optionalInput && input === undefined ? {} : input)),
          interpret({ body, response }, call): Result<T, AnyError> {
            if (!response.ok) return fail(lookerHttpError(call, DECLARED_STATUSES[name], response, body));
            const problem = check(body);
            return problem ? fail(unexpectedBody(call, response, `body not as specified: ${problem}`)) : { ok: true, data: body as T, response };
          },
        },
        options,
      );
