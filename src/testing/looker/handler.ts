// What a fake Looker endpoint gets to answer one request, and the JSON object body most write endpoints read.
import { FakeRequestError } from '../fake-error.js';
import { readJson } from '../replies.js';
import type { LookerModel } from './model.js';

/** Everything a Looker endpoint needs to answer. */
export interface LookerRequest {
  readonly request: Request;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly model: LookerModel;
  /** The bearer token, already checked (undefined only for `login`). */
  readonly token: string | undefined;
}

/** Answers one request; throws a `FakeRequestError` for Looker's error replies. */
export type LookerHandler = (input: LookerRequest) => Response | Promise<Response>;

/** The request's JSON object body; a 400 when it is not JSON, a 422 when it is not an object. */
export async function readObjectBody(request: Request): Promise<Record<string, unknown>> {
  const body = await readJson(request);
  if (!body.ok) throw new FakeRequestError('bad_request', 'Looker could not parse the JSON body');
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    throw new FakeRequestError('validation', 'Validation Failed', [
      { field: 'body', code: 'invalid', message: 'must be a JSON object' },
    ]);
  }
  return body.value as Record<string, unknown>;
}
