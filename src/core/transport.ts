// The fetch openapi-fetch calls: each request goes through an SDK call (auth, retries, deadline)
// and its reply's body is read within the cap before openapi-fetch parses it.
import { MAX_BODY_BYTES, readBody } from './body.js';
import { Call, type Auth } from './call.js';
import { UserAttributesError } from './errors.js';
import { CarriedError, thrownError, unexpectedBody } from './failures.js';
import { redact } from './redaction.js';
import type { Settings } from './options.js';

/**
 * What openapi-fetch builds for a wrapped call in place of a `Request`: the same fields, with the
 * serialized body kept as it is rather than copied into a stream that would be read back.
 */
class OutgoingRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | null;

  constructor(
    readonly url: string,
    { method = 'GET', headers, body = null, signal = null }: RequestInit,
  ) {
    this.method = method;
    this.headers = new Headers(headers);
    this.body = body;
    this.signal = signal;
  }
}

/** A request as openapi-fetch hands it to its fetch. */
type SentRequest = Request | OutgoingRequest;

/** Sends openapi-fetch's request through `call` and returns the reply with its body read. */
async function sendThrough(call: Call, request: SentRequest): Promise<Response> {
  const { url, method } = request;
  // A Request's body is a stream that can be read once: read it once, send the bytes each time.
  const body = request instanceof OutgoingRequest ? request.body : request.body && (await request.arrayBuffer());
  const headers = request instanceof OutgoingRequest ? request.headers : new Headers(request.headers);
  const response = await call.send({ url, method, headers, body });
  const tooLarge = () => new CarriedError(unexpectedBody(call, response, `body over ${MAX_BODY_BYTES} bytes`));
  return readBody(response, call.signal, tooLarge);
}

/** The per-request openapi-fetch options that send a wrapped operation through `call`. */
export interface Via {
  readonly fetch: (request: Request) => Promise<Response>;
  readonly Request: typeof Request;
  readonly parseAs: 'text';
}

/** Per-request options for openapi-fetch: send through `call`, and leave the body as text for the SDK to check. */
export const through = (call: Call): Via => ({
  fetch: (request) => sendThrough(call, request),
  Request: OutgoingRequest as unknown as typeof Request,
  parseAs: 'text',
});

/**
 * The client-level fetch of a service's openapi-fetch client, used by raw calls: each request is an
 * SDK call of its own, with the client's auth, retries, timeout and body cap. Failures reject with
 * a `UserAttributesError` holding the typed (and redacted) error.
 */
export const rawFetch =
  (settings: Settings, auth: Auth | undefined) =>
    async (request: Request): Promise<Response> => {
      const call = new Call('request', settings, auth, { signal: request.signal });
      try {
        return await sendThrough(call, request);
      } catch (thrown) {
        throw new UserAttributesError(redact(thrownError(call, thrown), settings.secrets()));
      } finally {
        call.done();
      }
    };
