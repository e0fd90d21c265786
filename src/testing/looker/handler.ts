// What a fake Looker endpoint gets to answer one request.
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
