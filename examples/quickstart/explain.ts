// One readable line per failure, by `switch (error.kind)`. The `never` defaults make the compiler
// check that every kind the SDK can return is handled.
import type { DxUpdateUserAttributesError } from '../../src/dx/index.js';
import type {
  SetUserAttributeGroupValuesError,
  SetUserAttributeUserValueError,
  UpdateUserAttributeGroupValueError,
} from '../../src/looker/index.js';

type LookerWriteError = SetUserAttributeUserValueError | UpdateUserAttributeGroupValueError | SetUserAttributeGroupValuesError;

/** Explains a failed Looker attribute write. */
export function explainLookerError(error: LookerWriteError): string {
  switch (error.kind) {
    case 'not_found':
      return `not found (HTTP ${error.status}): check the user, group and attribute ids`;
    case 'validation':
      return `refused by Looker: ${error.fieldErrors.map((f) => `${f.field} ${f.message}`).join('; ')}`;
    case 'conflict':
      return `conflict (HTTP ${error.status}): a group appears twice`;
    case 'unauthorized':
    case 'forbidden':
      return `not allowed (HTTP ${error.status ?? 'no reply'}): check the API key and its permissions`;
    case 'rate_limited':
      return `still rate limited after retries (retry after ${error.retryAfterMs ?? 'unknown'} ms)`;
    case 'bad_request':
    case 'server':
    case 'unexpected_response':
      return `Looker answered HTTP ${error.status}: ${error.message}`;
    case 'network':
    case 'timeout':
    case 'aborted':
      return `no reply: ${error.message}`;
    case 'hook_failed':
      return `our own ${error.hook} option failed: ${error.message}`;
    case 'invalid_input':
      return `not sent, the input is wrong: ${error.issues.map((i) => `${i.path} ${i.problem}`).join('; ')}`;
    default:
      return unhandled(error);
  }
}

/** Explains a failed DX update. */
export function explainDxError(error: DxUpdateUserAttributesError): string {
  switch (error.kind) {
    case 'not_found':
      return `no such DX user (HTTP ${error.status}, ${error.code ?? 'no code'})`;
    case 'unauthorized':
    case 'forbidden':
      return `DX refused the token (${error.code ?? `HTTP ${error.status}`}): it needs the users:write scope`;
    case 'api_error':
      return `DX said ${error.code ?? 'no code'}: ${error.message}`;
    case 'partial_failure':
      return `only partly applied: ${error.failures.length} attribute(s) failed`;
    case 'rate_limited':
      return `still rate limited after retries (retry after ${error.retryAfterMs ?? 'unknown'} ms)`;
    case 'server':
    case 'unexpected_response':
      return `DX answered HTTP ${error.status}: ${error.message}`;
    case 'network':
    case 'timeout':
    case 'aborted':
      return `no reply: ${error.message}`;
    case 'hook_failed':
      return `our own ${error.hook} option failed: ${error.message}`;
    case 'invalid_input':
      return `not sent, the input is wrong: ${error.issues.map((i) => `${i.path} ${i.problem}`).join('; ')}`;
    default:
      return unhandled(error);
  }
}

function unhandled(error: never): string {
  return `unexpected error: ${(error as { message?: string }).message ?? 'unknown'}`;
}
